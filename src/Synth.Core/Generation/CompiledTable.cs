using Synth.Core.Schema;

namespace Synth.Core.Generation;

/// <summary>One table of a <see cref="CompiledDatabase"/>: its compiled schema and its row count.</summary>
public sealed class CompiledTable(TableSpec spec, CompiledSchema schema, long rows)
{
    public string Name => Spec.Name;

    public TableSpec Spec { get; } = spec;

    /// <summary>Generates the table; its layout carries the keys for SQL output.</summary>
    public CompiledSchema Schema { get; } = schema;

    /// <summary>Rows of the table: declared, the run's row count, or the sum of children over the parents.</summary>
    public long Rows { get; } = rows;
}
