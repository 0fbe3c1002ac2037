namespace Synth.Core.Schema;

/// <summary>
/// <c>"when": {"status": {"inactive": {...overrides}}}</c>: for rows whose <see cref="Field"/>
/// has one of the listed values, the field is generated from its spec with those overrides.
/// </summary>
public sealed class ConditionSpec(string field, IReadOnlyDictionary<string, FieldSpec> cases)
{
    public string Field { get; } = field;

    /// <summary>Per value of the conditioning field, the complete spec that applies (base merged with overrides).</summary>
    public IReadOnlyDictionary<string, FieldSpec> Cases { get; } = cases;
}
