using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// <c>&amp;&amp;</c> and <c>||</c> with SQL's three-valued logic: <c>false &amp;&amp; null</c> is
/// false and <c>true || null</c> is true, so a guard such as <c>x != null &amp;&amp; x &gt; 5</c>
/// gives false rather than null; any other null operand gives null.
/// </summary>
internal sealed class LogicalNode(EvalNode left, EvalNode right, bool isOr, int slot) : EvalNode(slot)
{
    private readonly EvalNode _left = left;
    private readonly EvalNode _right = right;
    private readonly bool _isOr = isOr;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var leftHasNulls = _left.Evaluate(evaluator, count);
        var rightHasNulls = _right.Evaluate(evaluator, count);
        var a = evaluator.Values[_left.Slot].AsSpan(0, count);
        var b = evaluator.Values[_right.Slot].AsSpan(0, count);
        var result = evaluator.Values[Slot].AsSpan(0, count);
        if (!leftHasNulls && !rightHasNulls)
        {
            // On 1/0 values, and is min and or is max.
            if (_isOr)
            {
                BatchMath.Apply<BinaryOps.Maximum>(a, b, result);
            }
            else
            {
                BatchMath.Apply<BinaryOps.Minimum>(a, b, result);
            }
            return false;
        }

        // Clearing a garbage mask costs less than testing a flag in the loop.
        var aNulls = evaluator.Nulls[_left.Slot].AsSpan(0, count);
        var bNulls = evaluator.Nulls[_right.Slot].AsSpan(0, count);
        if (!leftHasNulls)
        {
            aNulls.Clear();
        }
        if (!rightHasNulls)
        {
            bNulls.Clear();
        }
        var nulls = evaluator.Nulls[Slot].AsSpan(0, count);
        // The value that decides the result whatever the other operand is; non-short-circuit
        // & and | keep the loop free of branches on data.
        var decisive = _isOr ? 1.0 : 0.0;
        for (var i = 0; i < result.Length; i++)
        {
            var aNull = aNulls[i];
            var bNull = bNulls[i];
            var decided = (!aNull & a[i] == decisive) | (!bNull & b[i] == decisive);
            result[i] = decided ? decisive : 1 - decisive;
            nulls[i] = !decided & (aNull | bNull);
        }
        return true;
    }
}
