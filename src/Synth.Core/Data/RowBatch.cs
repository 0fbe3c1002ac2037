namespace Synth.Core.Data;

/// <summary>
/// A columnar slice of the output: rows <c>FirstRow .. FirstRow + Count - 1</c> of the table.
/// Batches are reused; a writer must copy what it keeps.
/// </summary>
public sealed class RowBatch
{
    public RowBatch(TableLayout layout, int capacity)
    {
        Layout = layout;
        Capacity = capacity;
        Columns = layout.Columns.Select(c => ColumnVector.Create(c, capacity)).ToArray();
    }

    public TableLayout Layout { get; }

    public int Capacity { get; }

    public ColumnVector[] Columns { get; }

    /// <summary>Global index (0-based) of this batch's first row in the whole output.</summary>
    /// <remarks>Setting it also sets <see cref="FileRow"/> to the same index.</remarks>
    public long FirstRow
    {
        get => _firstRow;
        set => _firstRow = FileRow = value;
    }

    /// <summary>
    /// Index of this batch's first row within its output file: <see cref="FirstRow"/>, unless the
    /// file is a part that starts further on. Values come from <see cref="FirstRow"/>; where a row
    /// sits in its file (a JSON array's first element, SQL statement boundaries) from this.
    /// </summary>
    public long FileRow { get; set; }

    private long _firstRow;

    public int Count { get; set; }
}
