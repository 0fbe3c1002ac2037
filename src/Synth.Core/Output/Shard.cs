namespace Synth.Core.Output;

/// <summary>
/// A contiguous run of blocks of one output: shard k of n. Shards split on block boundaries,
/// so their encoded bytes concatenate (between the header and the footer) into exactly the
/// bytes of a single run.
/// </summary>
public sealed record Shard(int Index, int FirstBlock, int BlockCount, long FirstRow, long RowCount)
{
    /// <summary>Splits <paramref name="rows"/> rows in blocks of <paramref name="rowsPerBlock"/> into at most <paramref name="count"/> shards of near-equal block counts.</summary>
    public static IReadOnlyList<Shard> Split(long rows, int rowsPerBlock, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var blocks = (int)((rows + rowsPerBlock - 1) / rowsPerBlock);
        var shards = new List<Shard>();
        var shardCount = Math.Max(1, Math.Min(count, blocks));
        var first = 0;
        for (var k = 0; k < shardCount; k++)
        {
            var n = blocks / shardCount + (k < blocks % shardCount ? 1 : 0);
            var firstRow = (long)first * rowsPerBlock;
            var lastRow = Math.Min(rows, (long)(first + n) * rowsPerBlock);
            shards.Add(new Shard(k, first, n, firstRow, lastRow - firstRow));
            first += n;
        }
        return shards;
    }
}
