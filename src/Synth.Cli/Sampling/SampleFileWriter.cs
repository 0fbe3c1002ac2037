using System.Buffers;
using Synth.Core.Data;
using Synth.Core.Datasets;
using Synth.Core.Formats;
using Synth.Core.Privacy;

namespace Synth.Cli.Sampling;

/// <summary>
/// Writes rows sampled from a <see cref="TableModel"/> in any <see cref="OutputFormat"/>: header,
/// one block per <see cref="OutputFormat.RowsPerBlock"/> rows, footer (the same contract
/// <c>synth run</c>'s writers follow, here on one thread: the model samples a million rows at a
/// time, which dominates anyway).
/// </summary>
internal static class SampleFileWriter
{
    /// <summary>Writes <paramref name="rows"/> rows; returns the bytes written. The same model, rows and seed give the same bytes.</summary>
    public static long Write(TableModel model, long rows, ulong seed, OutputFormat format, Stream output,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var columns = new SampleColumns(model.Domain);
        var layout = columns.Layout;
        var blockRows = format.RowsPerBlock;
        var batch = new RowBatch(layout, blockRows);
        var encoder = format.CreateBlockEncoder(layout);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var placements = new List<BlockPlacement>();

        format.WriteHeader(layout, buffer);
        var offset = Emit(buffer, output);
        var slice = new int[model.Codec.Domain.Count][];
        // TableModel.Sample would decode a whole million-row batch into strings at once (hundreds
        // of MB); decoding its codes block by block gives the same values, because a decoded row
        // depends only on its codes, the seed and its row index (TableCodec.Decode's firstRow).
        foreach (var (first, codes) in model.SampleCodes(rows, seed))
        {
            for (var start = 0; start < codes.Rows; start += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(blockRows, codes.Rows - start);
                var blockFirstRow = first + start;
                var decoded = model.Codec.Decode(Slice(codes, start, count, slice), seed, blockFirstRow);
                columns.Fill(decoded, batch, blockFirstRow);
                encoder.Begin(blockFirstRow, buffer);
                encoder.Encode(batch, buffer);
                var summary = encoder.End(buffer);
                var length = Emit(buffer, output);
                placements.Add(new BlockPlacement(offset, length, count, summary));
                offset += length;
                progress?.Invoke(blockFirstRow + count);
            }
        }
        format.WriteFooter(layout, new FooterContext(rows, placements), buffer);
        offset += Emit(buffer, output);
        output.Flush();
        return offset;
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

    private static long Emit(ArrayBufferWriter<byte> buffer, Stream output)
    {
        var length = buffer.WrittenCount;
        output.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        return length;
    }
}
