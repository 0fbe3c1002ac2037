namespace Synth.Core.Formats;

/// <summary>What a format's footer may need: the row count and, per block, where it starts in the file and its summary.</summary>
public sealed class FooterContext(long totalRows, IReadOnlyList<BlockPlacement> blocks)
{
    public long TotalRows { get; } = totalRows;

    public IReadOnlyList<BlockPlacement> Blocks { get; } = blocks;
}

/// <summary>A block's absolute byte offset in the (uncompressed) file, its row count and the summary its encoder returned.</summary>
public readonly record struct BlockPlacement(long Offset, long Length, int Rows, object? Summary);
