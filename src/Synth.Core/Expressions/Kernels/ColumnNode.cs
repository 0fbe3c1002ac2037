using Synth.Core.Data;

namespace Synth.Core.Expressions.Kernels;

/// <summary>Reads a field of the batch into a slot, converted to doubles.</summary>
internal abstract class ColumnNode(int ordinal, int slot) : EvalNode(slot)
{
    public int Ordinal { get; } = ordinal;

    protected TColumn Column<TColumn>(ExpressionEvaluator evaluator)
        where TColumn : ColumnVector => (TColumn)evaluator.Batch.Columns[Ordinal];

    protected bool CopyNulls(ColumnVector column, ExpressionEvaluator evaluator, int count)
    {
        if (!column.HasNulls)
        {
            return false;
        }
        column.Nulls.AsSpan(0, count).CopyTo(evaluator.Nulls[Slot]);
        return true;
    }
}
