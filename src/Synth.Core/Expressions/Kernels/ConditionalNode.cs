using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// <c>c ? a : b</c> and <c>if(c, a, b)</c>. Both branches are computed for the whole batch
/// (everything is total, so that is safe); a row is null when its condition is null or the
/// branch it selects is null. The other branch's nulls do not matter, so
/// <c>x == 0 ? 0 : 1 / x</c> is never null.
/// </summary>
internal sealed class ConditionalNode(EvalNode condition, EvalNode whenTrue, EvalNode whenFalse, int slot) : EvalNode(slot)
{
    private readonly EvalNode _condition = condition;
    private readonly EvalNode _whenTrue = whenTrue;
    private readonly EvalNode _whenFalse = whenFalse;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var conditionHasNulls = _condition.Evaluate(evaluator, count);
        var trueHasNulls = _whenTrue.Evaluate(evaluator, count);
        var falseHasNulls = _whenFalse.Evaluate(evaluator, count);
        var condition = evaluator.Values[_condition.Slot].AsSpan(0, count);
        var result = evaluator.Values[Slot].AsSpan(0, count);

        var hasNulls = conditionHasNulls || trueHasNulls || falseHasNulls;
        if (hasNulls)
        {
            // Before the values: the condition may share this node's slot and be overwritten.
            var conditionNulls = evaluator.Nulls[_condition.Slot].AsSpan(0, count);
            var nulls = evaluator.Nulls[Slot].AsSpan(0, count);
            if (!trueHasNulls && !falseHasNulls)
            {
                // The usual case (a nullable field in the condition): its mask is the answer.
                if (_condition.Slot != Slot)
                {
                    conditionNulls.CopyTo(nulls);
                }
            }
            else
            {
                // Clearing a garbage mask costs less than testing a flag in the loop.
                var trueNulls = evaluator.Nulls[_whenTrue.Slot].AsSpan(0, count);
                var falseNulls = evaluator.Nulls[_whenFalse.Slot].AsSpan(0, count);
                if (!conditionHasNulls)
                {
                    conditionNulls.Clear();
                }
                if (!trueHasNulls)
                {
                    trueNulls.Clear();
                }
                if (!falseHasNulls)
                {
                    falseNulls.Clear();
                }
                for (var i = 0; i < nulls.Length; i++)
                {
                    var selectsTrue = condition[i] != 0;
                    nulls[i] = conditionNulls[i] | (selectsTrue & trueNulls[i]) | (!selectsTrue & falseNulls[i]);
                }
            }
        }
        BatchMath.Select(
            condition,
            evaluator.Values[_whenTrue.Slot].AsSpan(0, count),
            evaluator.Values[_whenFalse.Slot].AsSpan(0, count),
            result);
        return hasNulls;
    }
}
