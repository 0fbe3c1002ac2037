using Synth.Core.Generation.Relations;
using Synth.Core.Schema;

namespace Synth.Core.Generation;

/// <summary>
/// A multi-table schema ready to generate, table by table in dependency order. Each table is an
/// ordinary <see cref="CompiledSchema"/> (any range of its rows can be made anywhere), whose ref
/// fields recompute their parents' keys and values instead of reading them.
/// </summary>
public sealed class CompiledDatabase
{
    private CompiledDatabase(IReadOnlyList<CompiledTable> tables) => Tables = tables;

    /// <summary>The tables, parents before children.</summary>
    public IReadOnlyList<CompiledTable> Tables { get; }

    /// <summary>Rows over all tables.</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);

    public CompiledTable Get(string name) =>
        Tables.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no table '{name}'", nameof(name));

    /// <summary>
    /// Compiles every table for a seed. <paramref name="defaultRows"/> is the row count of the tables
    /// that declare none and have no per_parent ref (the run's --rows).
    /// </summary>
    public static CompiledDatabase Compile(DatabaseSchema schema, ulong seed, long defaultRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(defaultRows);
        var relations = new TableRelations(schema, seed);
        var errors = new List<SchemaError>();
        var tables = new List<CompiledTable>();
        foreach (var table in schema.Tables)
        {
            try
            {
                var rows = relations.AddTable(table, defaultRows);
                tables.Add(new CompiledTable(table, WithKeys(relations.Compile(table), table), rows));
            }
            catch (SchemaException e)
            {
                errors.AddRange(e.Errors);
                // Its children cannot be compiled without it; what they would report is noise.
                break;
            }
        }
        if (errors.Count > 0) throw new SchemaException(errors);
        return new CompiledDatabase(tables);
    }

    private static CompiledSchema WithKeys(CompiledSchema schema, TableSpec table)
    {
        var foreignKeys = table.Refs.Select(f => new Data.ForeignKey(f.Name, f.Ref!.Table, f.Ref.Field)).ToList();
        schema.Layout.PrimaryKey = table.PrimaryKey;
        schema.Layout.ForeignKeys = foreignKeys;
        return schema;
    }
}
