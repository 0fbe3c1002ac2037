namespace Synth.Core.Expressions;

internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,

    /// <summary>A name in backticks: never a keyword or a function.</summary>
    QuotedIdentifier,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    BangEqual,
    Bang,
    AndAnd,
    OrOr,
    Question,
    Colon,
    LeftParen,
    RightParen,
    Comma,
}
