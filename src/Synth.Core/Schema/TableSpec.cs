namespace Synth.Core.Schema;

/// <summary>One table of a multi-table schema, read and checked.</summary>
public sealed class TableSpec
{
    public required string Name { get; init; }

    /// <summary>JSON path of the table's object, e.g. <c>$.tables.orders</c>.</summary>
    public required string Path { get; init; }

    public required SchemaDefinition Schema { get; init; }

    /// <summary>Declared row count; null when the rows come from the parents (<see cref="ParentRef"/>) or from the run's row count.</summary>
    public long? Rows { get; init; }

    /// <summary>The primary key's fields, in order; empty when none is declared.</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    /// <summary>The ref field with <c>per_parent</c>, whose parents make this table's rows; at most one.</summary>
    public FieldSpec? ParentRef => Schema.Fields.FirstOrDefault(f => f.Ref?.PerParent is not null);

    public IEnumerable<FieldSpec> Refs => Schema.Fields.Where(f => f.Ref is not null);
}
