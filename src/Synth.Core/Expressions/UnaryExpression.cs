namespace Synth.Core.Expressions;

/// <summary><c>-x</c>, <c>!x</c> or <c>not x</c>.</summary>
public sealed class UnaryExpression(UnaryOperator @operator, Expression operand, int position, string? spelling = null)
    : Expression(position)
{
    public UnaryOperator Operator { get; } = @operator;

    public Expression Operand { get; } = operand;

    /// <summary>The operator as written ("!" or "not"), for error messages.</summary>
    internal string Spelling { get; } = spelling ?? Symbol(@operator);

    public static string Symbol(UnaryOperator op) => op switch
    {
        UnaryOperator.Negate => "-",
        UnaryOperator.Not => "!",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public override string ToString() => $"({Symbol(Operator)}{Operand})";
}
