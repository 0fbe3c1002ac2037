using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>Applies <typeparamref name="TOp"/> in place, in its operand's slot.</summary>
internal sealed class UnaryNode<TOp>(EvalNode operand) : EvalNode(operand.Slot)
    where TOp : struct, IUnaryOp
{
    public EvalNode Operand { get; } = operand;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var hasNulls = Operand.Evaluate(evaluator, count);
        var values = evaluator.Values[Slot].AsSpan(0, count);
        BatchMath.Apply<TOp>(values);
        if (TOp.CanLeaveFinite)
        {
            hasNulls = BatchMath.NullNonFinite(values, evaluator.Nulls[Slot].AsSpan(0, count), hasNulls);
        }
        return hasNulls;
    }
}
