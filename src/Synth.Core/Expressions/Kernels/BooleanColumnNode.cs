using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

internal sealed class BooleanColumnNode(int ordinal, int slot) : ColumnNode(ordinal, slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var column = Column<BooleanVector>(evaluator);
        var source = column.Values.AsSpan(0, count);
        var values = evaluator.Values[Slot].AsSpan(0, source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            values[i] = source[i] ? 1 : 0;
        }
        return CopyNulls(column, evaluator, count);
    }
}
