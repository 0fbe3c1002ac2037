using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

internal sealed class Float64ColumnNode(int ordinal, int slot) : ColumnNode(ordinal, slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var column = Column<Float64Vector>(evaluator);
        var values = evaluator.Values[Slot].AsSpan(0, count);
        column.Values.AsSpan(0, count).CopyTo(values);
        var hasNulls = CopyNulls(column, evaluator, count);
        // A NaN or ∞ in the column counts as null, so that every non-null value stays finite.
        return BatchMath.NullNonFinite(values, evaluator.Nulls[Slot].AsSpan(0, count), hasNulls);
    }
}
