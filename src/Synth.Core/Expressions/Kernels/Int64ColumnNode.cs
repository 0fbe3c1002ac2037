using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

internal sealed class Int64ColumnNode(int ordinal, int slot) : ColumnNode(ordinal, slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var column = Column<Int64Vector>(evaluator);
        var source = column.Values.AsSpan(0, count);
        var values = evaluator.Values[Slot].AsSpan(0, source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            values[i] = source[i];
        }
        return CopyNulls(column, evaluator, count);
    }
}
