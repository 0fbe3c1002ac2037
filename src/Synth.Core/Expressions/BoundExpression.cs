using Synth.Core.Expressions.Kernels;

namespace Synth.Core.Expressions;

/// <summary>What the binder knows about a subexpression.</summary>
/// <param name="Labels">For strings: the dictionary the node's codes index.</param>
/// <param name="Field">Set when the node is a plain reference to this category field (for error messages).</param>
/// <param name="Literal">Set when the node is this string literal.</param>
internal readonly record struct BoundExpression(
    EvalNode Node,
    ValueKind Kind,
    IReadOnlyList<string> Labels,
    string? Field = null,
    string? Literal = null);
