namespace Synth.Core.Schema;

/// <summary>A schema that has been read and checked: every reference resolves and no dependency cycle exists.</summary>
public sealed class SchemaDefinition
{
    public required IReadOnlyList<FieldSpec> Fields { get; init; }

    public TimeSeriesSpec? TimeSeries { get; init; }

    public IReadOnlyList<CorrelationSpec> Correlations { get; init; } = [];

    public string Locale { get; init; } = "en";

    public FieldSpec? Find(string name)
    {
        foreach (var f in Fields)
        {
            if (string.Equals(f.Name, name, StringComparison.Ordinal)) return f;
        }
        return null;
    }
}
