using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// Applies <typeparamref name="TOp"/> to two operands. A constant operand is read as a scalar
/// rather than spread over a slot (constant-only subtrees are folded before this exists).
/// </summary>
internal sealed class BinaryNode<TOp>(EvalNode left, EvalNode right, int slot) : EvalNode(slot)
    where TOp : struct, IBinaryOp
{
    private readonly EvalNode _left = left;
    private readonly EvalNode _right = right;
    private readonly ConstantNode? _constantLeft = left as ConstantNode;
    private readonly ConstantNode? _constantRight = right as ConstantNode;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var result = evaluator.Values[Slot].AsSpan(0, count);
        var nulls = evaluator.Nulls[Slot].AsSpan(0, count);
        bool hasNulls;
        if (_constantRight is not null)
        {
            hasNulls = Operand(_left, evaluator, count, nulls);
            BatchMath.Apply<TOp>(evaluator.Values[_left.Slot].AsSpan(0, count), _constantRight.Value, result);
        }
        else if (_constantLeft is not null)
        {
            hasNulls = Operand(_right, evaluator, count, nulls);
            BatchMath.Apply<TOp>(_constantLeft.Value, evaluator.Values[_right.Slot].AsSpan(0, count), result);
        }
        else
        {
            hasNulls = Operand(_left, evaluator, count, nulls);
            var rightHasNulls = _right.Evaluate(evaluator, count);
            hasNulls = BatchMath.MergeNulls(nulls, hasNulls, evaluator.Nulls[_right.Slot].AsSpan(0, count), rightHasNulls);
            BatchMath.Apply<TOp>(evaluator.Values[_left.Slot].AsSpan(0, count), evaluator.Values[_right.Slot].AsSpan(0, count), result);
        }
        if (TOp.CanLeaveFinite)
        {
            hasNulls = BatchMath.NullNonFinite(result, nulls, hasNulls);
        }
        return hasNulls;
    }

    /// <summary>Evaluates an operand and brings its null mask into this node's slot.</summary>
    private bool Operand(EvalNode operand, ExpressionEvaluator evaluator, int count, Span<bool> nulls)
    {
        var hasNulls = operand.Evaluate(evaluator, count);
        if (hasNulls && operand.Slot != Slot)
        {
            evaluator.Nulls[operand.Slot].AsSpan(0, count).CopyTo(nulls);
        }
        return hasNulls;
    }
}
