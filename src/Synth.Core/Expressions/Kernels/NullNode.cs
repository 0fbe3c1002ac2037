using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>The literal <c>null</c> as a branch of <c>?:</c>, or a subtree folded to null.</summary>
internal sealed class NullNode(int slot) : EvalNode(slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        evaluator.Values[Slot].AsSpan(0, count).Clear();
        evaluator.Nulls[Slot].AsSpan(0, count).Fill(true);
        return true;
    }
}
