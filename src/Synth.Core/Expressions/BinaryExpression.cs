namespace Synth.Core.Expressions;

/// <summary>An arithmetic, comparison or logical operator between two operands.</summary>
public sealed class BinaryExpression(BinaryOperator @operator, Expression left, Expression right, int position, string? spelling = null)
    : Expression(position)
{
    public BinaryOperator Operator { get; } = @operator;

    public Expression Left { get; } = left;

    public Expression Right { get; } = right;

    /// <summary>The operator as written ("&amp;&amp;" or "and"), for error messages.</summary>
    internal string Spelling { get; } = spelling ?? Symbol(@operator);

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.And => "&&",
        BinaryOperator.Or => "||",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public override string ToString() => $"({Left} {Symbol(Operator)} {Right})";
}
