using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats;

/// <summary>
/// A file format, split so that blocks of rows can be encoded in parallel and concatenated:
/// <c>header · block 0 · block 1 · … · footer</c>. A block's bytes may depend only on its rows
/// and their global indices, never on how blocks were grouped into threads or shards; that is
/// what makes output byte-identical whatever the thread, shard or silo count.
/// </summary>
public abstract class OutputFormat
{
    /// <summary>Short name as used on the command line ("csv", "parquet", …).</summary>
    public abstract string Name { get; }

    /// <summary>File extension without gzip, e.g. ".csv".</summary>
    public abstract string Extension { get; }

    /// <summary>
    /// Rows per block. Fixed per format (never derived from thread count), because block
    /// boundaries are visible in the bytes (gzip members, Parquet row groups).
    /// </summary>
    public virtual int RowsPerBlock => 16_384;

    /// <summary>
    /// True for formats whose whole byte stream may be wrapped in gzip members by the pipeline.
    /// Parquet compresses its pages itself and returns false.
    /// </summary>
    public virtual bool SupportsStreamGzip => true;

    public abstract void WriteHeader(TableLayout layout, IBufferWriter<byte> output);

    /// <summary>Creates an encoder for one worker thread; it is reused for many blocks.</summary>
    public abstract IBlockEncoder CreateBlockEncoder(TableLayout layout);

    public abstract void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output);
}
