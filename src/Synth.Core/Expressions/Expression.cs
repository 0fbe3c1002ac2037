namespace Synth.Core.Expressions;

/// <summary>
/// A node of a parsed expression. Produced by <see cref="ExpressionParser.Parse"/>; made
/// runnable against a table by <see cref="ExpressionCompiler.Compile(Expression, Data.TableLayout)"/>.
/// <see cref="ToString"/> prints the expression fully parenthesised.
/// </summary>
public abstract class Expression
{
    private protected Expression(int position)
    {
        Position = position;
    }

    /// <summary>1-based character position of the token that makes this node (operator, name, literal, '?').</summary>
    public int Position { get; }

    /// <summary>
    /// The names the expression mentions, distinct, in order of first appearance. Needs no
    /// layout, so a schema can order its fields and find cycles before any table exists.
    /// The built-in <c>row</c> is listed like any name: it means the row index only when
    /// the table has no field called <c>row</c>, which only the caller knows, so a caller
    /// should ignore names that are not fields (unknown ones fail at compile time anyway).
    /// </summary>
    public IReadOnlyList<string> CollectReferences()
    {
        var names = new List<string>();
        Collect(this, names);
        return names;
    }

    public abstract override string ToString();

    private static void Collect(Expression expression, List<string> names)
    {
        switch (expression)
        {
            case NameReference name:
                if (!names.Contains(name.Name))
                {
                    names.Add(name.Name);
                }
                break;
            case UnaryExpression unary:
                Collect(unary.Operand, names);
                break;
            case BinaryExpression binary:
                Collect(binary.Left, names);
                Collect(binary.Right, names);
                break;
            case ConditionalExpression conditional:
                Collect(conditional.Condition, names);
                Collect(conditional.WhenTrue, names);
                Collect(conditional.WhenFalse, names);
                break;
            case CallExpression call:
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, names);
                }
                break;
        }
    }
}
