using Synth.Core.Formats;

namespace Synth.Core.Output;

/// <summary>
/// What a shard wrote: its blocks (offsets relative to the shard's first byte, in the
/// uncompressed encoding) for the footer, and the bytes it put on its stream.
/// </summary>
public sealed record ShardResult(Shard Shard, IReadOnlyList<BlockPlacement> Blocks, long Bytes);
