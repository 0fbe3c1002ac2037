using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats;

/// <summary>
/// Encodes one block of rows. Calls come in the order <c>Begin, Encode × n, End</c>, from one
/// thread at a time; the batches passed to <see cref="Encode"/> cover consecutive rows starting
/// at the block's first row.
/// </summary>
public interface IBlockEncoder
{
    void Begin(long firstRow, IBufferWriter<byte> output);

    void Encode(RowBatch batch, IBufferWriter<byte> output);

    /// <summary>
    /// Finishes the block. Returns what the footer needs to know about it (Parquet: row-group
    /// metadata with offsets relative to the block start), or null.
    /// </summary>
    object? End(IBufferWriter<byte> output);
}
