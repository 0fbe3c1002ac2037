namespace Synth.Core.Expressions;

public enum UnaryOperator
{
    /// <summary><c>-x</c></summary>
    Negate,

    /// <summary><c>!x</c> or <c>not x</c></summary>
    Not,
}
