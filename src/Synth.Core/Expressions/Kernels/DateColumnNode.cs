using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>A date as days since 1970-01-01.</summary>
internal sealed class DateColumnNode(int ordinal, int slot) : ColumnNode(ordinal, slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var column = Column<DateVector>(evaluator);
        var source = column.Days.AsSpan(0, count);
        var values = evaluator.Values[Slot].AsSpan(0, source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            values[i] = source[i];
        }
        return CopyNulls(column, evaluator, count);
    }
}
