using System.Buffers;
using System.Text;
using Synth.Core.Data;
using Synth.Core.Formats;

namespace Synth.Core.Tests.Formats.Text;

/// <summary>
/// Drives a format the way the pipeline does: header, then blocks (each from a fresh or reused
/// encoder, possibly in several batches), concatenated in order, then the footer.
/// </summary>
internal static class FormatRunner
{
    /// <summary>Encodes <paramref name="rows"/> of <see cref="SampleTable"/>; no block sizes means one block.</summary>
    public static byte[] Run(OutputFormat format, IReadOnlyList<SampleRow> rows, params int[] blockSizes) =>
        Run(format, SampleTable.Layout, rows.Count, (first, count) => SampleTable.Batch(rows, first, count), blockSizes);

    public static string RunText(OutputFormat format, IReadOnlyList<SampleRow> rows, params int[] blockSizes) =>
        Encoding.UTF8.GetString(Run(format, rows, blockSizes));

    /// <param name="batchFor">Makes the batch of global rows (first, count).</param>
    /// <param name="blockSizes">Rows per block, summing to <paramref name="totalRows"/>; empty for one block.</param>
    /// <param name="maxBatchRows">Splits each block into batches of at most this many rows.</param>
    public static byte[] Run(
        OutputFormat format,
        TableLayout layout,
        int totalRows,
        Func<int, int, RowBatch> batchFor,
        IReadOnlyList<int> blockSizes,
        int maxBatchRows = int.MaxValue)
    {
        if (blockSizes.Count == 0)
        {
            blockSizes = [totalRows];
        }
        blockSizes.Sum().Should().Be(totalRows, "block sizes must cover every row exactly once");

        var file = new ArrayBufferWriter<byte>();
        format.WriteHeader(layout, file);

        // Two encoders taking turns, as two worker threads would, each reused for several blocks.
        IBlockEncoder[] encoders = [format.CreateBlockEncoder(layout), format.CreateBlockEncoder(layout)];
        var placements = new List<BlockPlacement>();
        var first = 0;
        for (var b = 0; b < blockSizes.Count; b++)
        {
            var encoder = encoders[b % 2];
            var block = new ArrayBufferWriter<byte>();
            encoder.Begin(first, block);
            for (var done = 0; done < blockSizes[b];)
            {
                var count = Math.Min(maxBatchRows, blockSizes[b] - done);
                encoder.Encode(batchFor(first + done, count), block);
                done += count;
            }
            var summary = encoder.End(block);
            placements.Add(new BlockPlacement(file.WrittenCount, block.WrittenCount, blockSizes[b], summary));
            file.Write(block.WrittenSpan);
            first += blockSizes[b];
        }

        format.WriteFooter(layout, new FooterContext(totalRows, placements), file);
        return file.WrittenSpan.ToArray();
    }
}
