using Synth.Core.Data;
using Synth.Core.Schema;

namespace Synth.Core.Generation;

/// <summary>What every field generator may consult while it is being built.</summary>
internal sealed class GenerationContext(SchemaDefinition schema, ulong seed, long? totalRows, List<SchemaError> errors,
    Relations.TableRelations? relations = null, string? tableName = null)
{
    /// <summary>The other tables, in a multi-table schema; null for a single table.</summary>
    public Relations.TableRelations? Relations { get; } = relations;

    /// <summary>The table's name in a multi-table schema.</summary>
    public string? TableName { get; } = tableName;

    public SchemaDefinition Schema { get; } = schema;

    public ulong Seed { get; } = seed;

    /// <summary>Rows the whole output will have, when known; unique fields check their domain against it.</summary>
    public long? TotalRows { get; } = totalRows;

    public List<SchemaError> Errors { get; } = errors;

    /// <summary>Columns built so far (dependency order), by name.</summary>
    public Dictionary<string, ColumnInfo> Columns { get; } = new(StringComparer.Ordinal);

    /// <summary>Generators built so far, by field name (email looks up the name generator).</summary>
    public Dictionary<string, Fields.FieldGenerator> Generators { get; } = new(StringComparer.Ordinal);

    /// <summary>The final layout, set once every column is known; generators resolve column indices against it.</summary>
    public TableLayout Layout { get; set; } = null!;

    public int IndexOf(string field)
    {
        var columns = Layout.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, field, StringComparison.Ordinal)) return i;
        }
        throw new InvalidOperationException($"no column '{field}'");
    }

    /// <summary>Records an error when a unique field's domain is smaller than the rows requested.</summary>
    public void CheckUniqueDomain(FieldSpec spec, ulong domain)
    {
        if (spec.Unique && TotalRows is { } rows && (ulong)rows > domain)
        {
            Errors.Add(new SchemaError($"{spec.Path}.unique", $"only {domain:N0} distinct values are possible but {rows:N0} rows were requested"));
        }
    }
}
