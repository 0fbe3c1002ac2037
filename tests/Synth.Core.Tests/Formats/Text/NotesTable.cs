using System.Text;
using Synth.Core.Data;

namespace Synth.Core.Tests.Formats.Text;

/// <summary>A two-column table (id, note) for tests that spell out the exact bytes of a format.</summary>
internal static class NotesTable
{
    public static TableLayout Layout { get; } = new(
    [
        new ColumnInfo("id", ColumnType.Int64, nullable: false),
        new ColumnInfo("note", ColumnType.String, nullable: true),
    ]);

    /// <summary>Global rows (first, count) of <paramref name="notes"/>; ids are 1-based, a null note is a null cell.</summary>
    public static RowBatch Batch(IReadOnlyList<string?> notes, int first, int count)
    {
        var batch = new RowBatch(Layout, Math.Max(count, 1)) { FirstRow = first, Count = count };
        var ids = (Int64Vector)batch.Columns[0];
        var text = (StringVector)batch.Columns[1];
        text.Clear();
        for (var r = 0; r < count; r++)
        {
            ids.Values[r] = first + r + 1;
            var note = notes[first + r];
            text.Append(Encoding.UTF8.GetBytes(note ?? ""));
            text.Nulls[r] = note is null;
            text.HasNulls |= note is null;
        }
        return batch;
    }
}
