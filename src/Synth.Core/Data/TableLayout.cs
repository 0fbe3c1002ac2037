namespace Synth.Core.Data;

/// <summary>The ordered columns of a generated table, as every writer sees them.</summary>
public sealed class TableLayout(IReadOnlyList<ColumnInfo> columns)
{
    public IReadOnlyList<ColumnInfo> Columns { get; } = columns;

    /// <summary>The primary key's columns, for formats that declare keys (SQL); empty when none.</summary>
    public IReadOnlyList<string> PrimaryKey { get; set; } = [];

    /// <summary>Columns that point at other tables' keys, for formats that declare them (SQL).</summary>
    public IReadOnlyList<ForeignKey> ForeignKeys { get; set; } = [];
}
