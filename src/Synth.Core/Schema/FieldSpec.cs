namespace Synth.Core.Schema;

/// <summary>
/// A field as declared, after reading and checking: one class for all types, each type
/// using the members that concern it (the reader rejects members that do not).
/// </summary>
public sealed record FieldSpec
{
    public required string Name { get; init; }

    /// <summary>JSON path of the field's spec, for error messages (e.g. <c>$.income</c>).</summary>
    public required string Path { get; init; }

    public required FieldType Type { get; init; }

    /// <summary>Share of rows that are null, 0..1. Default 0.</summary>
    public double NullRate { get; init; }

    /// <summary>Every non-null value differs from every other, across all shards.</summary>
    public bool Unique { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public Distribution Distribution { get; init; }

    public double Mean { get; init; }

    public double Std { get; init; } = 1;

    /// <summary>Rate of the exponential distribution, mean of the Poisson.</summary>
    public double Lambda { get; init; } = 1;

    /// <summary>Zipf exponent.</summary>
    public double S { get; init; } = 1.1;

    /// <summary>Zipf support size (values 1..N).</summary>
    public int N { get; init; } = 1000;

    /// <summary>Float: round to this many decimals; -1 keeps full precision.</summary>
    public int Decimals { get; init; } = -1;

    /// <summary>Bool: probability of true. Default 0.5.</summary>
    public double Probability { get; init; } = 0.5;

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<double> Probabilities { get; init; } = [];

    public DateTime Start { get; init; }

    public DateTime End { get; init; }

    /// <summary>String template such as <c>ORD-{####}-{??}</c>.</summary>
    public string? Template { get; init; }

    public int MinLength { get; init; } = 8;

    public int MaxLength { get; init; } = 16;

    public int MinWords { get; init; } = 5;

    public int MaxWords { get; init; } = 15;

    public string Locale { get; init; } = "en";

    /// <summary>Derived field: the value is this expression over earlier fields.</summary>
    public string? Expression { get; init; }

    /// <summary>Parameters that change with the value of a category field.</summary>
    public ConditionSpec? When { get; init; }

    /// <summary>For <see cref="FieldType.Ref"/>: the table and key it points at.</summary>
    public RefSpec? Ref { get; init; }

    public bool IsNumeric => Type is FieldType.Int or FieldType.Float;
}
