using System.Globalization;

namespace Synth.Core.Expressions;

/// <summary>A number such as <c>1</c>, <c>2.5</c> or <c>1e3</c>.</summary>
public sealed class NumberLiteral(double value, int position, long? integer = null) : Expression(position)
{
    public double Value { get; } = value;

    /// <summary>The exact value when the literal is written as a whole number that fits 64 bits (<see cref="Value"/> is exact only to 2^53).</summary>
    public long? Integer { get; } = integer;

    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
