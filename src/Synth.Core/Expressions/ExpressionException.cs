namespace Synth.Core.Expressions;

/// <summary>
/// A syntax or type error in an expression. The message always starts with
/// <c>position N:</c>, N being the 1-based character position the error is about.
/// </summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(int position, string detail)
        : base($"position {position}: {detail}")
    {
        Position = position;
        Detail = detail;
    }

    /// <summary>1-based character position in the expression text.</summary>
    public int Position { get; }

    /// <summary>The message without its <c>position N:</c> prefix.</summary>
    public string Detail { get; }
}
