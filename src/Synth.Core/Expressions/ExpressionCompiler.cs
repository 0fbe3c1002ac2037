using Synth.Core.Data;

namespace Synth.Core.Expressions;

/// <summary>Turns a parsed expression into a <see cref="CompiledExpression"/> for one table layout.</summary>
public static class ExpressionCompiler
{
    /// <summary>Parses and compiles; throws <see cref="ExpressionException"/> on any error.</summary>
    public static CompiledExpression Compile(string text, TableLayout layout) => Compile(ExpressionParser.Parse(text), layout);

    /// <summary>
    /// Resolves names against <paramref name="layout"/>'s columns (by exact name; a field called
    /// <c>row</c> hides the built-in) and checks types. Throws <see cref="ExpressionException"/>
    /// for an unknown field or function, a wrong argument count, a type mismatch, or a category
    /// compared with a label it does not have.
    /// </summary>
    public static CompiledExpression Compile(Expression expression, TableLayout layout)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(layout);
        var binder = new ExpressionBinder(layout);
        var root = binder.Bind(expression, slot: 0);
        var type = root.Kind switch
        {
            ValueKind.Number => ExprType.Number,
            ValueKind.Boolean => ExprType.Boolean,
            ValueKind.String => ExprType.String,
            _ => throw new ExpressionException(expression.Position, "expression is always null, so its type is unknown"),
        };
        var stringResults = type == ExprType.String ? root.Labels.ToArray() : [];
        return new CompiledExpression(expression, type, binder.References.ToArray(), stringResults, root.Node, binder.SlotCount);
    }
}
