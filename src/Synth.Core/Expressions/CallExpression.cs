namespace Synth.Core.Expressions;

/// <summary>A call of a built-in function such as <c>round(x, 2)</c>; <see cref="Expression.Position"/> is the name.</summary>
public sealed class CallExpression(string function, IReadOnlyList<Expression> arguments, int position) : Expression(position)
{
    public string Function { get; } = function;

    public IReadOnlyList<Expression> Arguments { get; } = arguments;

    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";
}
