using System.Buffers;
using Synth.Core.Data;
using Synth.Core.Formats;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// Drives an <see cref="OutputFormat"/> the way the pipeline does: header, blocks of
/// <see cref="OutputFormat.RowsPerBlock"/> rows each encoded into its own buffer by one of
/// several reused encoders, blocks concatenated in order, footer with absolute offsets.
/// </summary>
internal static class ParquetTestWriter
{
    /// <param name="encoders">
    /// Number of encoder instances. Blocks are dealt to them round-robin and the encoders of a
    /// round work interleaved (all Begin, then their batches alternate, then all End), as
    /// parallel workers would.
    /// </param>
    public static byte[] Write(OutputFormat format, ParquetTestTable table, int batchSize = 4096, int encoders = 1)
    {
        var layout = table.Layout;
        var output = new ArrayBufferWriter<byte>();
        format.WriteHeader(layout, output);

        var workers = Enumerable.Range(0, encoders)
            .Select(_ => (Encoder: format.CreateBlockEncoder(layout), Batch: new RowBatch(layout, batchSize)))
            .ToArray();
        var blocks = new List<BlockPlacement>();
        var blockCount = (table.RowCount + format.RowsPerBlock - 1) / format.RowsPerBlock;

        for (var round = 0; round < blockCount; round += encoders)
        {
            var jobs = Enumerable.Range(round, Math.Min(encoders, blockCount - round))
                .Select((block, w) => new BlockJob(
                    workers[w].Encoder,
                    workers[w].Batch,
                    (long)block * format.RowsPerBlock,
                    (int)Math.Min(format.RowsPerBlock, table.RowCount - (long)block * format.RowsPerBlock)))
                .ToArray();

            foreach (var job in jobs)
            {
                job.Encoder.Begin(job.FirstRow, job.Buffer);
            }
            bool anyLeft;
            do
            {
                anyLeft = false;
                foreach (var job in jobs.Where(j => j.Done < j.Rows))
                {
                    var count = Math.Min(job.Batch.Capacity, job.Rows - job.Done);
                    table.Fill(job.Batch, job.FirstRow + job.Done, count);
                    job.Encoder.Encode(job.Batch, job.Buffer);
                    job.Done += count;
                    anyLeft |= job.Done < job.Rows;
                }
            }
            while (anyLeft);

            foreach (var job in jobs)
            {
                var summary = job.Encoder.End(job.Buffer);
                blocks.Add(new BlockPlacement(output.WrittenCount, job.Buffer.WrittenCount, job.Rows, summary));
                output.Write(job.Buffer.WrittenSpan);
            }
        }

        format.WriteFooter(layout, new FooterContext(table.RowCount, blocks), output);
        return output.WrittenSpan.ToArray();
    }

    private sealed class BlockJob(IBlockEncoder encoder, RowBatch batch, long firstRow, int rows)
    {
        public IBlockEncoder Encoder { get; } = encoder;

        public RowBatch Batch { get; } = batch;

        public long FirstRow { get; } = firstRow;

        public int Rows { get; } = rows;

        public int Done { get; set; }

        public ArrayBufferWriter<byte> Buffer { get; } = new();
    }
}
