using Synth.Core.Expressions;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;

namespace Synth.Core.Generation.Relations;

/// <summary>
/// What a table's ref fields need to know about the other tables of a multi-table schema: their
/// row counts, their children-per-parent counts, and projections (a parent compiled with only the
/// fields a child reads) that recompute any parent row from its pure functions.
/// </summary>
internal sealed class TableRelations(DatabaseSchema database, ulong seed)
{
    private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChildCounts> _counts = new(StringComparer.Ordinal);

    public DatabaseSchema Database { get; } = database;

    /// <summary>
    /// The seed of one table's values. Each table has its own, so two tables with a field of the
    /// same name (customers.name, products.name) do not get the same values row by row.
    /// </summary>
    public ulong TableSeed(string table) => CounterRng.Key(seed, "\0table\0" + table);

    public long RowsOf(string table) => _rows[table];

    public ChildCounts? CountsOf(string table) => _counts.GetValueOrDefault(table);

    /// <summary>Fixes a table's row count (its parents' counts must be known already).</summary>
    public long AddTable(TableSpec table, long defaultRows)
    {
        long rows;
        if (table.ParentRef is { } parentRef)
        {
            var spec = parentRef.Ref!;
            var key = CounterRng.Key(TableSeed(table.Name), parentRef.Name + "\0per_parent");
            var counts = new ChildCounts(spec.PerParent!, key, _rows[spec.Table], JsonPath.Child(parentRef.Path, "per_parent"));
            _counts[table.Name] = counts;
            rows = counts.Total;
        }
        else
        {
            rows = table.Rows ?? defaultRows;
        }
        _rows[table.Name] = rows;
        return rows;
    }

    /// <summary>A table's schema compiled with its relations, for the whole table.</summary>
    public CompiledSchema Compile(TableSpec table) =>
        CompiledSchema.Compile(table.Schema, TableSeed(table.Name), _rows[table.Name], this, table);

    /// <summary>
    /// <paramref name="table"/> compiled with only <paramref name="fields"/> and what they depend
    /// on; its values are those of the same rows of the whole table (every value depends only on
    /// the table's seed, its field and the row, and on the fields it reads, all kept).
    /// </summary>
    public CompiledSchema Projection(string table, IEnumerable<string> fields)
    {
        var spec = Database.Get(table);
        var kept = Closure(spec, fields);
        var schema = new SchemaDefinition
        {
            Fields = spec.Schema.Fields.Where(f => kept.Contains(f.Name)).ToList(),
            TimeSeries = spec.Schema.TimeSeries,
            Correlations = spec.Schema.Correlations.Where(c => c.Fields.All(kept.Contains)).ToList(),
            Locale = spec.Schema.Locale,
        };
        return CompiledSchema.Compile(schema, TableSeed(table), _rows[table], this, spec);
    }

    private static HashSet<string> Closure(TableSpec table, IEnumerable<string> fields)
    {
        var schema = table.Schema;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(fields);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            var field = schema.Find(name);
            if (field is null || !kept.Add(name)) continue;
            var reads = new List<string>();
            if (field.When is { } when) reads.Add(when.Field);
            if (field.Expression is not null) reads.AddRange(ExpressionParser.Parse(field.Expression).CollectReferences());
            foreach (var read in reads)
            {
                var dot = read.IndexOf('.', StringComparison.Ordinal);
                if (schema.Find(read) is not null) pending.Push(read);
                else if (dot > 0) pending.Push(table.Refs.First(r => r.Ref!.Table == read[..dot]).Name); // a parent's field comes through the ref
                else if (read == DatabaseSchemaReader.ChildName && table.ParentRef is { } parentRef) pending.Push(parentRef.Name);
            }
            // An e-mail is built from the row's person, whichever name fields hold it.
            if (field.Type == FieldType.Email)
            {
                foreach (var f in schema.Fields.Where(f => f.Type is FieldType.Name or FieldType.FirstName or FieldType.LastName)) pending.Push(f.Name);
            }
            foreach (var group in schema.Correlations.Where(c => c.Fields.Contains(name)))
            {
                foreach (var member in group.Fields) pending.Push(member);
            }
        }
        return kept;
    }
}
