namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// How a table of a given size is split for work on several threads: into groups of contiguous
/// cells (each reducing into its own partial result, combined in group order), each group walked
/// in chunks small enough to stay in cache while several passes touch them. The split depends on
/// the size only, never on the thread count, which keeps results identical on any machine load.
/// </summary>
internal readonly record struct TablePlan(int Cells, int Groups)
{
    /// <summary>Cells per chunk: 16K doubles (128 KiB) per stream fit in L2 with room to spare.</summary>
    public const int ChunkCells = 1 << 14;

    // Below this a table is one group: a hand-off to another thread costs more than it saves.
    private const int ParallelCells = 1 << 16;
    private const int MaxGroups = 8;

    public static TablePlan For(int cells) =>
        new(cells, cells < ParallelCells ? 1 : Math.Min(MaxGroups, (cells + ParallelCells - 1) / ParallelCells * 2));

    /// <summary>The cells [start, end) of group <paramref name="group"/>.</summary>
    public (int Start, int End) Range(int group) =>
        ((int)((long)Cells * group / Groups), (int)((long)Cells * (group + 1) / Groups));
}
