namespace Synth.Core.Expressions;

/// <summary>
/// Parses the expression language (see the README's grammar). Recursive descent, lowest
/// precedence first: <c>?:</c>, <c>||</c>/<c>or</c>, <c>&amp;&amp;</c>/<c>and</c>, <c>not</c>,
/// <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>+ -</c>, <c>* / %</c>, unary <c>- !</c>.
/// </summary>
public sealed class ExpressionParser
{
    /// <summary>Longest accepted expression text, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Deepest accepted nesting of parentheses, calls, unary operators and <c>?:</c>. Flat
    /// chains (<c>a + b + c …</c>) do not nest; <see cref="MaxLength"/> bounds them.
    /// </summary>
    public const int MaxDepth = 64;

    private readonly List<Token> _tokens;
    private int _next;
    private int _depth;

    private ExpressionParser(List<Token> tokens)
    {
        _tokens = tokens;
    }

    private Token Current => _tokens[_next];

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionException"/> on a syntax error.</summary>
    public static Expression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new ExpressionException(MaxLength + 1, $"expression is {text.Length} characters long; the limit is {MaxLength}");
        }
        var parser = new ExpressionParser(ExpressionLexer.Tokenize(text));
        if (parser.Current.Is(TokenKind.End))
        {
            throw new ExpressionException(1, "expression is empty");
        }
        var expression = parser.ParseConditional();
        if (!parser.Current.Is(TokenKind.End))
        {
            throw new ExpressionException(parser.Current.Position, $"expected an operator or the end, found {parser.Current.Describe()}");
        }
        return expression;
    }

    private Token Advance() => _tokens[_next++];

    private void Enter(Token at)
    {
        if (++_depth > MaxDepth)
        {
            throw new ExpressionException(at.Position, $"expression nests deeper than {MaxDepth} levels");
        }
    }

    private void Leave() => _depth--;

    private Expression ParseConditional()
    {
        var condition = ParseOr();
        if (!Current.Is(TokenKind.Question))
        {
            return condition;
        }
        var question = Advance();
        Enter(question);
        var whenTrue = ParseConditional();
        if (!Current.Is(TokenKind.Colon))
        {
            throw new ExpressionException(Current.Position, $"expected ':' for the '?' at position {question.Position}, found {Current.Describe()}");
        }
        Advance();
        var whenFalse = ParseConditional();
        Leave();
        return new ConditionalExpression(condition, whenTrue, whenFalse, question.Position);
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.Is(TokenKind.OrOr) || Current.IsKeyword("or"))
        {
            var op = Advance();
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd(), op.Position, op.Text);
        }
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.Is(TokenKind.AndAnd) || Current.IsKeyword("and"))
        {
            var op = Advance();
            left = new BinaryExpression(BinaryOperator.And, left, ParseNot(), op.Position, op.Text);
        }
        return left;
    }

    // 'not' binds looser than comparisons (as in SQL and Python) so that `not age > 65`
    // means `not (age > 65)`; '!' binds tightly as in C.
    private Expression ParseNot()
    {
        if (!Current.IsKeyword("not"))
        {
            return ParseEquality();
        }
        var op = Advance();
        Enter(op);
        var operand = ParseNot();
        Leave();
        return new UnaryExpression(UnaryOperator.Not, operand, op.Position, "not");
    }

    private Expression ParseEquality()
    {
        var left = ParseComparison();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.EqualEqual => BinaryOperator.Equal,
                TokenKind.BangEqual => BinaryOperator.NotEqual,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }
            var token = Advance();
            left = new BinaryExpression(op.Value, left, ParseComparison(), token.Position);
        }
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }
            var token = Advance();
            left = new BinaryExpression(op.Value, left, ParseAdditive(), token.Position);
        }
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.Plus => BinaryOperator.Add,
                TokenKind.Minus => BinaryOperator.Subtract,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }
            var token = Advance();
            left = new BinaryExpression(op.Value, left, ParseMultiplicative(), token.Position);
        }
    }

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                TokenKind.Percent => BinaryOperator.Modulo,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }
            var token = Advance();
            left = new BinaryExpression(op.Value, left, ParseUnary(), token.Position);
        }
    }

    private Expression ParseUnary()
    {
        UnaryOperator? op = Current.Kind switch
        {
            TokenKind.Minus => UnaryOperator.Negate,
            TokenKind.Bang => UnaryOperator.Not,
            _ => null,
        };
        if (op is null)
        {
            return ParsePrimary();
        }
        var token = Advance();
        Enter(token);
        var operand = ParseUnary();
        Leave();
        return new UnaryExpression(op.Value, operand, token.Position);
    }

    private Expression ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Number:
                return new NumberLiteral(token.Number, token.Position,
                    long.TryParse(token.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var whole) ? whole : null);
            case TokenKind.String:
                return new StringLiteral(token.Text, token.Position);
            case TokenKind.QuotedIdentifier:
                return new NameReference(token.Text, token.Position);
            case TokenKind.LeftParen:
            {
                Enter(token);
                var inner = ParseConditional();
                Expect(TokenKind.RightParen, $"expected ')' to close the '(' at position {token.Position}");
                Leave();
                return inner;
            }
            case TokenKind.Identifier:
                switch (token.Text)
                {
                    case "true":
                        return new BooleanLiteral(true, token.Position);
                    case "false":
                        return new BooleanLiteral(false, token.Position);
                    case "null":
                        return new NullLiteral(token.Position);
                    case "and" or "or" or "not":
                        throw new ExpressionException(token.Position, $"expected a value, found '{token.Text}'");
                }
                return Current.Is(TokenKind.LeftParen) ? ParseCall(token) : new NameReference(token.Text, token.Position);
            case TokenKind.End:
                throw new ExpressionException(token.Position, "unexpected end of expression");
            default:
                throw new ExpressionException(token.Position, $"expected a value, found {token.Describe()}");
        }
    }

    private CallExpression ParseCall(Token name)
    {
        var open = Advance();
        Enter(open);
        var arguments = new List<Expression>();
        if (!Current.Is(TokenKind.RightParen))
        {
            while (true)
            {
                arguments.Add(ParseConditional());
                if (!Current.Is(TokenKind.Comma))
                {
                    break;
                }
                Advance();
            }
        }
        Expect(TokenKind.RightParen, $"expected ',' or ')' in the call of '{name.Text}' at position {name.Position}");
        Leave();
        return new CallExpression(name.Text, arguments, name.Position);
    }

    private void Expect(TokenKind kind, string message)
    {
        if (!Current.Is(kind))
        {
            throw new ExpressionException(Current.Position, $"{message}, found {Current.Describe()}");
        }
        Advance();
    }
}
