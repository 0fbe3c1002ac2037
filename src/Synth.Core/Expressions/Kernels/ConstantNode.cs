using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>A literal, or a subtree folded at compile time. Binary nodes read <see cref="Value"/> directly instead of filling a slot.</summary>
internal sealed class ConstantNode(double value, int slot) : EvalNode(slot)
{
    public double Value { get; } = value;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        evaluator.Values[Slot].AsSpan(0, count).Fill(Value);
        return false;
    }
}
