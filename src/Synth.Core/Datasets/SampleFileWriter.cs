using System.Buffers;
using Synth.Core.Data;
using Synth.Core.Formats;
using Synth.Core.Output;
using Synth.Core.Privacy;

namespace Synth.Core.Datasets;

/// <summary>
/// Writes rows sampled from a <see cref="TableModel"/> in any <see cref="OutputFormat"/>, with the
/// engine's file contract: header · blocks · footer, each block a gzip member when the stream is
/// gzipped. A sample is cut into the model's batches (<see cref="TableModel.BatchRows"/> rows),
/// each computable on its own, so a job can sample batch k on any silo and assemble the parts
/// as <see cref="GenerationRunner"/>'s shards are: the same model, rows and seed give the same
/// bytes however the work was split. One thread per batch: the model's sampling dominates.
/// </summary>
public sealed class SampleFileWriter
{
    private readonly TableModel _model;
    private readonly OutputFormat _format;
    private readonly bool _gzip;
    private readonly SampleColumns _columns;

    /// <param name="gzip">Gzip the stream (formats that compress themselves, as Parquet, refuse it).</param>
    public SampleFileWriter(TableModel model, OutputFormat format, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(format);
        if (gzip && !format.SupportsStreamGzip) throw new ArgumentException($"{format.Name} compresses itself; stream gzip does not apply", nameof(gzip));
        (_model, _format, _gzip) = (model, format, gzip);
        _columns = new SampleColumns(model.Domain);
    }

    /// <summary>The columns of the file: the domain's, typed (see <see cref="SampleColumns"/>).</summary>
    public TableLayout Layout => _columns.Layout;

    /// <summary>The whole file of <paramref name="rows"/> rows; returns the bytes written.</summary>
    public long Write(long rows, ulong seed, Stream output, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var written = WriteHeader(output);
        var batches = new List<ShardResult>();
        for (var k = 0L; k < TableModel.BatchCount(rows); k++)
        {
            var done = k * TableModel.BatchRows;
            var batch = WriteBatch(rows, seed, k, output, progress is null ? null : n => progress(done + n), cancellationToken);
            batches.Add(batch);
            written += batch.Bytes;
        }
        written += WriteFooter(rows, batches, output);
        output.Flush();
        return written;
    }

    public long WriteHeader(Stream output) => GenerationRunner.WriteHeader(Layout, _format, output, _gzip);

    /// <summary>The footer after the batches' blocks, given in order.</summary>
    public long WriteFooter(long rows, IReadOnlyList<ShardResult> batches, Stream output) =>
        GenerationRunner.WriteFooter(Layout, _format, rows, batches, output, _gzip);

    /// <summary>
    /// The blocks of batch <paramref name="batch"/> of a sample of <paramref name="rows"/> rows (no
    /// header, no footer); <paramref name="progress"/> gets the batch's rows written so far.
    /// </summary>
    public ShardResult WriteBatch(long rows, ulong seed, long batch, Stream output, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (first, codes) = _model.SampleBatchCodes(rows, seed, batch);
        cancellationToken.ThrowIfCancellationRequested();
        var blockRows = _format.RowsPerBlock;
        var rowBatch = new RowBatch(Layout, blockRows);
        var encoder = _format.CreateBlockEncoder(Layout);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var placements = new List<BlockPlacement>();
        var slice = new int[codes.Domain.Count][];
        long offset = 0, written = 0;
        // Decoding the whole million-row batch into strings at once would take hundreds of MB;
        // block by block gives the same values, because a decoded row depends only on its codes,
        // the seed and its row index (TableCodec.Decode's firstRow).
        for (var start = 0; start < codes.Rows; start += blockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(blockRows, codes.Rows - start);
            var blockFirstRow = first + start;
            _columns.Fill(_model.Codec.Decode(Slice(codes, start, count, slice), seed, blockFirstRow), rowBatch, blockFirstRow);
            encoder.Begin(blockFirstRow, buffer);
            encoder.Encode(rowBatch, buffer);
            var summary = encoder.End(buffer);
            placements.Add(new BlockPlacement(offset, buffer.WrittenCount, count, summary));
            offset += buffer.WrittenCount;
            written += GenerationRunner.Emit(buffer.WrittenSpan, output, _gzip);
            buffer.ResetWrittenCount();
            progress?.Invoke(start + count);
        }
        var shard = new Shard((int)batch, (int)batch, 1, first, codes.Rows);
        return new ShardResult(shard, placements, written);
    }

    /// <summary>Rows start .. start+count-1 of <paramref name="codes"/>, in <paramref name="reuse"/>'s arrays when they have that length.</summary>
    private static EncodedTable Slice(EncodedTable codes, int start, int count, int[][] reuse)
    {
        for (var c = 0; c < reuse.Length; c++)
        {
            if (reuse[c]?.Length != count) reuse[c] = new int[count];
            Array.Copy(codes.Columns[c], start, reuse[c], 0, count);
        }
        return new EncodedTable(codes.Domain, reuse);
    }
}
