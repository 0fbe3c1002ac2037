namespace Synth.Core.Data;

/// <summary>The ordered columns of a generated table, as every writer sees them.</summary>
public sealed class TableLayout(IReadOnlyList<ColumnInfo> columns, string tableName = "data")
{
    public IReadOnlyList<ColumnInfo> Columns { get; } = columns;

    /// <summary>Name used by formats that need one (SQL table, XML element). Default "data".</summary>
    public string TableName { get; } = tableName;
}
