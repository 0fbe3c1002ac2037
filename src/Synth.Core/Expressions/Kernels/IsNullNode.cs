using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary><c>x == null</c> (or <c>x != null</c> when negated); never null itself.</summary>
internal sealed class IsNullNode(EvalNode operand, bool negate, int slot) : EvalNode(slot)
{
    private readonly EvalNode _operand = operand;
    private readonly bool _negate = negate;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var operandHasNulls = _operand.Evaluate(evaluator, count);
        var result = evaluator.Values[Slot].AsSpan(0, count);
        if (!operandHasNulls)
        {
            result.Fill(_negate ? 1 : 0);
            return false;
        }
        var nulls = evaluator.Nulls[_operand.Slot].AsSpan(0, count);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = nulls[i] != _negate ? 1 : 0;
        }
        return false;
    }
}
