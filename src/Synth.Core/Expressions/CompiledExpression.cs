using Synth.Core.Expressions.Kernels;

namespace Synth.Core.Expressions;

/// <summary>
/// An expression resolved against a table layout and type-checked. Immutable and safe to
/// share between threads; each thread evaluates through its own <see cref="ExpressionEvaluator"/>.
/// </summary>
public sealed class CompiledExpression
{
    private readonly EvalNode _root;
    private readonly int _slotCount;

    internal CompiledExpression(Expression syntax, ExprType resultType, IReadOnlyList<string> references, IReadOnlyList<string> stringResults, EvalNode root, int slotCount)
    {
        Syntax = syntax;
        ResultType = resultType;
        References = references;
        StringResults = stringResults;
        _root = root;
        _slotCount = slotCount;
    }

    /// <summary>The parsed expression.</summary>
    public Expression Syntax { get; }

    public ExprType ResultType { get; }

    /// <summary>The fields the expression reads, distinct, in order of first appearance (not the built-in <c>row</c>).</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>
    /// For a <see cref="ExprType.String"/> result: every label it can take, in order of first
    /// appearance in the text (a category field contributes all its labels, in code order);
    /// the evaluator returns indices into this list. Empty for other types.
    /// </summary>
    public IReadOnlyList<string> StringResults { get; }

    /// <summary>Creates an evaluator with scratch buffers for batches of up to <paramref name="capacity"/> rows.</summary>
    public ExpressionEvaluator CreateEvaluator(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return new ExpressionEvaluator(_root, _slotCount, capacity, ownsOutput: false);
    }

    public override string ToString() => Syntax.ToString();
}
