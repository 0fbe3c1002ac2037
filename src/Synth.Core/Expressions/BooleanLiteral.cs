namespace Synth.Core.Expressions;

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class BooleanLiteral(bool value, int position) : Expression(position)
{
    public bool Value { get; } = value;

    public override string ToString() => Value ? "true" : "false";
}
