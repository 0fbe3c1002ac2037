using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>A timestamp as Unix seconds with a fraction (microseconds / 1e6).</summary>
internal sealed class TimestampColumnNode(int ordinal, int slot) : ColumnNode(ordinal, slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var column = Column<TimestampVector>(evaluator);
        var source = column.Micros.AsSpan(0, count);
        var values = evaluator.Values[Slot].AsSpan(0, source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            values[i] = source[i] / 1e6;
        }
        return CopyNulls(column, evaluator, count);
    }
}
