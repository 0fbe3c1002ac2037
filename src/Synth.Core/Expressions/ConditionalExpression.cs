namespace Synth.Core.Expressions;

/// <summary><c>condition ? whenTrue : whenFalse</c>; <see cref="Expression.Position"/> is the '?'.</summary>
public sealed class ConditionalExpression(Expression condition, Expression whenTrue, Expression whenFalse, int position)
    : Expression(position)
{
    public Expression Condition { get; } = condition;

    public Expression WhenTrue { get; } = whenTrue;

    public Expression WhenFalse { get; } = whenFalse;

    public override string ToString() => $"({Condition} ? {WhenTrue} : {WhenFalse})";
}
