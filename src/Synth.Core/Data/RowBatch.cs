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
    public long FirstRow { get; set; }

    public int Count { get; set; }
}
