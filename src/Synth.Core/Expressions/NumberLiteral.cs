using System.Globalization;

namespace Synth.Core.Expressions;

/// <summary>A number such as <c>1</c>, <c>2.5</c> or <c>1e3</c>.</summary>
public sealed class NumberLiteral(double value, int position) : Expression(position)
{
    public double Value { get; } = value;

    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
