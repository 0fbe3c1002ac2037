using Synth.Core.Formats;

namespace Synth.Core.Output;

/// <summary>
/// What a shard wrote: its blocks (offsets relative to the shard's first byte, in the
/// uncompressed encoding) for the footer, and the bytes it put on its stream.
/// </summary>
public sealed record ShardResult(Shard Shard, IReadOnlyList<BlockPlacement> Blocks, long Bytes)
{
    /// <summary>The bytes of its blocks as a file holds them (gzip members when gzipped): <see cref="Bytes"/> unless they went into a deflated zip entry.</summary>
    public long ContentLength { get; init; }

    /// <summary>CRC-32 of that content; 0 unless written as a zip entry's data (<see cref="GenerationOptions.ZipEntry"/>).</summary>
    public uint Crc32 { get; init; }
}
