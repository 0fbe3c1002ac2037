namespace Synth.Core.Schema;

/// <summary>
/// A multi-table schema: tables whose ref fields point at other tables' keys. The tables are in
/// dependency order (every table after the tables it references), the order in which a database
/// accepts their rows.
/// </summary>
public sealed class DatabaseSchema
{
    public required IReadOnlyList<TableSpec> Tables { get; init; }

    public TableSpec? Find(string name) => Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    public TableSpec Get(string name) => Find(name) ?? throw new ArgumentException($"no table '{name}'", nameof(name));
}
