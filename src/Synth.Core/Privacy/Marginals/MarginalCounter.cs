namespace Synth.Core.Privacy.Marginals;

/// <summary>
/// Exact contingency counts of an <see cref="EncodedTable"/> over attribute sets, as flat
/// row-major vectors (the layout of <see cref="AttributeSet"/>). The flat cell index of each row is
/// built one column at a time over a block of rows, so every pass reads one column sequentially
/// and the only allocation is the result.
/// </summary>
public static class MarginalCounter
{
    private const int Block = 4096;

    public static double[] Count(EncodedTable table, AttributeSet attributes)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(attributes);
        var sizes = table.Domain.Sizes;
        foreach (var a in attributes.Indices)
        {
            if (a >= sizes.Count) throw new ArgumentOutOfRangeException(nameof(attributes), a, $"the domain has {sizes.Count} attributes");
        }
        var cells = attributes.Cells(sizes);
        if (cells > Array.MaxLength) throw new ArgumentException($"a marginal over {attributes} has {cells} cells, too many for one array", nameof(attributes));
        var counts = new double[cells];
        if (attributes.Count == 0)
        {
            counts[0] = table.Rows;
            return counts;
        }
        if (attributes.Count == 1)
        {
            foreach (var code in table.Columns[attributes[0]]) counts[code]++;
            return counts;
        }

        Span<int> index = stackalloc int[Block];
        for (var start = 0; start < table.Rows; start += Block)
        {
            var length = Math.Min(Block, table.Rows - start);
            var idx = index[..length];
            table.Columns[attributes[0]].AsSpan(start, length).CopyTo(idx);
            for (var k = 1; k < attributes.Count; k++)
            {
                var size = sizes[attributes[k]];
                var column = table.Columns[attributes[k]].AsSpan(start, length);
                for (var r = 0; r < idx.Length; r++) idx[r] = idx[r] * size + column[r];
            }
            foreach (var cell in idx) counts[cell]++;
        }
        return counts;
    }

    /// <summary>
    /// Counts for many sets, up to <paramref name="maxDegreeOfParallelism"/> at a time (−1: all
    /// cores). Each marginal is counted whole by one thread, so results never depend on the threads.
    /// </summary>
    public static double[][] Count(EncodedTable table, IReadOnlyList<AttributeSet> sets, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sets);
        var results = new double[sets.Count][];
        Parallel.For(0, sets.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i => results[i] = Count(table, sets[i]));
        return results;
    }
}
