namespace Synth.Core.Expressions;

public enum BinaryOperator
{
    Multiply,
    Divide,
    Modulo,
    Add,
    Subtract,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,

    /// <summary><c>&amp;&amp;</c> or <c>and</c></summary>
    And,

    /// <summary><c>||</c> or <c>or</c></summary>
    Or,
}
