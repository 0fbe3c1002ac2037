using System.Globalization;
using System.Text;

namespace Synth.Core.Expressions;

/// <summary>Splits expression text into tokens; the text is bounded (4 KB), so a list is fine.</summary>
internal static class ExpressionLexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                tokens.Add(new Token(TokenKind.End, i + 1, ""));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }
                // A parent table's field, "customers.tier": one name (the language has no member access).
                if (i + 1 < text.Length && text[i] == '.' && IsIdentifierStart(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && IsIdentifierPart(text[i]))
                    {
                        i++;
                    }
                }
                tokens.Add(new Token(TokenKind.Identifier, start + 1, text[start..i]));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw new ExpressionException(start + 1, "unterminated `quoted name`");
                }
                if (end == i + 1)
                {
                    throw new ExpressionException(start + 1, "empty `quoted name`");
                }
                tokens.Add(new Token(TokenKind.QuotedIdentifier, start + 1, text[(i + 1)..end]));
                i = end + 1;
            }
            else
            {
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                var (kind, length) = (c, next) switch
                {
                    ('<', '=') => (TokenKind.LessEqual, 2),
                    ('>', '=') => (TokenKind.GreaterEqual, 2),
                    ('=', '=') => (TokenKind.EqualEqual, 2),
                    ('!', '=') => (TokenKind.BangEqual, 2),
                    ('&', '&') => (TokenKind.AndAnd, 2),
                    ('|', '|') => (TokenKind.OrOr, 2),
                    ('+', _) => (TokenKind.Plus, 1),
                    ('-', _) => (TokenKind.Minus, 1),
                    ('*', _) => (TokenKind.Star, 1),
                    ('/', _) => (TokenKind.Slash, 1),
                    ('%', _) => (TokenKind.Percent, 1),
                    ('<', _) => (TokenKind.Less, 1),
                    ('>', _) => (TokenKind.Greater, 1),
                    ('!', _) => (TokenKind.Bang, 1),
                    ('?', _) => (TokenKind.Question, 1),
                    (':', _) => (TokenKind.Colon, 1),
                    ('(', _) => (TokenKind.LeftParen, 1),
                    (')', _) => (TokenKind.RightParen, 1),
                    (',', _) => (TokenKind.Comma, 1),
                    ('=', _) => throw new ExpressionException(start + 1, "unexpected '='; use '==' to compare"),
                    ('&', _) => throw new ExpressionException(start + 1, "unexpected '&'; use '&&' or 'and'"),
                    ('|', _) => throw new ExpressionException(start + 1, "unexpected '|'; use '||' or 'or'"),
                    _ => throw new ExpressionException(start + 1, $"unexpected character '{c}'"),
                };
                tokens.Add(new Token(kind, start + 1, text.Substring(start, length)));
                i += length;
            }
        }
    }

    /// <summary>Words that a bare identifier cannot be; backticks make them names.</summary>
    public static bool IsKeyword(string name) => name is "true" or "false" or "null" or "and" or "or" or "not";

    public static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !IsIdentifierStart(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!IsIdentifierPart(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            if (i == text.Length || !char.IsAsciiDigit(text[i]))
            {
                throw new ExpressionException(start + 1, $"malformed number '{text[start..i]}'");
            }
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        var literal = text[start..i];
        var value = double.Parse(literal, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new ExpressionException(start + 1, $"number '{literal}' is out of range");
        }
        return new Token(TokenKind.Number, start + 1, literal, value);
    }

    private static Token ReadString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (true)
        {
            if (i == text.Length)
            {
                throw new ExpressionException(start + 1, "unterminated string literal");
            }
            var c = text[i++];
            if (c == quote)
            {
                return new Token(TokenKind.String, start + 1, value.ToString());
            }
            if (c == '\\')
            {
                if (i == text.Length)
                {
                    throw new ExpressionException(start + 1, "unterminated string literal");
                }
                var escaped = text[i++];
                if (escaped is not ('"' or '\'' or '\\'))
                {
                    throw new ExpressionException(i - 1, $"unknown escape '\\{escaped}' (only \\\" \\' and \\\\ are allowed)");
                }
                c = escaped;
            }
            value.Append(c);
        }
    }
}
