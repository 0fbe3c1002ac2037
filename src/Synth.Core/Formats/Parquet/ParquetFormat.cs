using System.Buffers;
using System.Buffers.Binary;
using Synth.Core.Data;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Apache Parquet, written from the format specification: <c>PAR1</c> · one row group per
/// block · Thrift-compact <c>FileMetaData</c> · its length · <c>PAR1</c>. Column chunks use
/// data page v1, PLAIN for numbers, booleans and UUIDs, dictionary pages for categories and
/// for strings whose row group stays under the dictionary limits, and GZIP page compression
/// when <see cref="FormatOptions.Gzip"/> is set.
/// </summary>
/// <remarks>
/// Synth's own writer although Parquet.Net now restores, for speed and for the engine's shape: it
/// encodes the engine's columnar batches block by block (so shards write independent row groups
/// that concatenate into one file) without first building per-column arrays of boxed or nullable
/// values. Measured on 2,000,000 rows of (int64, double, 6-word category), one thread, same run:
/// Parquet.Net 6.1.0 wrote pre-built arrays at 2.9–3.4 M rows/s; Synth generated and wrote the same
/// columns at 4.7–5.6 M rows/s. Parquet.Net stays as one of the three independent readers in the
/// tests (ParquetReadBackTests).
/// </remarks>
public sealed class ParquetFormat : OutputFormat
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly FormatOptions _options;
    private readonly ParquetEncodingLimits _limits;

    /// <summary>Creates the format; <see cref="FormatOptions.Gzip"/> selects GZIP page compression (default: uncompressed pages).</summary>
    public ParquetFormat(FormatOptions options)
        : this(options, ParquetEncodingLimits.Default)
    {
    }

    internal ParquetFormat(FormatOptions options, ParquetEncodingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        if (!BitConverter.IsLittleEndian)
        {
            // PLAIN values are copied straight from memory; Parquet is little-endian.
            throw new PlatformNotSupportedException("The Parquet writer needs a little-endian platform.");
        }
        _options = options;
        _limits = limits;
    }

    public override string Name => "parquet";

    public override string Extension => ".parquet";

    /// <summary>Rows per row group. Default 131,072.</summary>
    public override int RowsPerBlock => _limits.RowsPerRowGroup;

    /// <summary>False: Parquet compresses pages itself (GZIP codec) and must stay seekable.</summary>
    public override bool SupportsStreamGzip => false;

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output) => output.Write(Magic);

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) =>
        new ParquetBlockEncoder(layout, _limits, _options.Gzip);

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output)
    {
        var metadata = new ArrayBufferWriter<byte>(4096);
        ParquetFileMetadataWriter.Write(layout, context, metadata);
        output.Write(metadata.WrittenSpan);
        var tail = output.GetSpan(8);
        BinaryPrimitives.WriteInt32LittleEndian(tail, metadata.WrittenCount);
        Magic.CopyTo(tail[4..]);
        output.Advance(8);
    }
}
