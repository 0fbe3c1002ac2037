namespace Synth.Core.Expressions;

/// <param name="Position">1-based position of the first character.</param>
/// <param name="Text">Source text; for strings and quoted names, the unescaped value.</param>
/// <param name="Number">Value of a number token.</param>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, double Number = 0)
{
    public bool Is(TokenKind kind) => Kind == kind;

    /// <summary>True for a bare identifier spelled <paramref name="keyword"/> (backticks make it a plain name).</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.Ordinal);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => StringLiteral.Quote(Text),
        TokenKind.QuotedIdentifier => $"`{Text}`",
        _ => $"'{Text}'",
    };
}
