namespace Synth.Core.Data;

/// <summary>The ordered columns of a generated table, as every writer sees them.</summary>
public sealed class TableLayout(IReadOnlyList<ColumnInfo> columns)
{
    public IReadOnlyList<ColumnInfo> Columns { get; } = columns;
}
