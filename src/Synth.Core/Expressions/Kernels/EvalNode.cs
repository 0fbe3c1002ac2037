namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// A compiled operation that computes a whole batch at once into scratch slot
/// <see cref="Slot"/> of the evaluator (values plus a null mask). Nodes are immutable and
/// shared by every evaluator of a <see cref="CompiledExpression"/>; the buffers are not.
/// </summary>
/// <remarks>
/// Slot discipline, set up by the binder: a node writes only its own slot, and every slot
/// its later-evaluated children use is greater than the slots of earlier children, so no
/// child overwrites a sibling's result before the parent reads it.
/// Invariant: every non-null value is finite.
/// </remarks>
internal abstract class EvalNode(int slot)
{
    public int Slot { get; } = slot;

    /// <summary>
    /// Computes rows <c>0 .. count - 1</c>. Returns true when the slot's null mask is valid
    /// and may hold nulls; false means no row is null and the mask holds garbage.
    /// </summary>
    public abstract bool Evaluate(ExpressionEvaluator evaluator, int count);
}
