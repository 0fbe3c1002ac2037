using Synth.Core.Output;

namespace Synth.Grains.Jobs;

/// <summary>Cuts a job into shards and names where everything it writes goes in the artifact store.</summary>
internal static class JobPlanner
{
    /// <summary>Rows per shard when the spec does not say: big enough that per-shard costs vanish, small enough to spread over silos.</summary>
    public const long DefaultShardRows = 1_000_000;

    /// <summary>The most shards a job may have (each is a grain-state entry and an artifact).</summary>
    public const int MaxShards = 10_000;

    public static IReadOnlyList<ShardPlan> Plan(string jobId, JobSpec spec, JobRecipe recipe)
    {
        var rowsPerBlock = recipe.Format.RowsPerBlock;
        var plans = new List<ShardPlan>();
        if (spec.Parts > 1)
        {
            // Each part file is one shard: a complete file generated in one piece.
            foreach (var part in Shard.Split(spec.Rows, rowsPerBlock, spec.Parts)) plans.Add(ToPlan(jobId, part.Index, 0, part));
            if (plans.Count < spec.Parts) throw new ArgumentException($"parts: {spec.Parts} parts need at least {spec.Parts} blocks of {rowsPerBlock:N0} rows; {spec.Rows:N0} rows make {plans.Count}");
            return plans;
        }
        var shardRows = spec.ShardRows ?? DefaultShardRows;
        var count = (int)Math.Min(MaxShards, Math.Max(1, (spec.Rows + shardRows - 1) / shardRows));
        foreach (var shard in Shard.Split(spec.Rows, rowsPerBlock, count)) plans.Add(ToPlan(jobId, 0, shard.Index, shard));
        return plans;
    }

    private static ShardPlan ToPlan(string jobId, int file, int fileShard, Shard shard)
    {
        var index = file + fileShard;
        return new ShardPlan(file, index, fileShard, shard.FirstBlock, shard.BlockCount, shard.FirstRow, shard.RowCount,
            JobKeys.ShardPart(jobId, index), JobKeys.ShardSummary(jobId, index));
    }

    public static Shard ToShard(ShardPlan plan) => new(plan.FileShard, plan.FirstBlock, plan.BlockCount, plan.FirstRow, plan.RowCount);
}

/// <summary>Artifact store keys of a job; everything under <see cref="Prefix"/>.</summary>
internal static class JobKeys
{
    public static string Prefix(string jobId) => $"jobs/{jobId}/";

    public static string ShardPart(string jobId, int shard) => $"jobs/{jobId}/shards/{shard:D5}.part";

    public static string ShardSummary(string jobId, int shard) => $"jobs/{jobId}/shards/{shard:D5}.summary.json";

    public static string Header(string jobId, int file) => $"jobs/{jobId}/files/{file:D5}.header";

    public static string Footer(string jobId, int file) => $"jobs/{jobId}/files/{file:D5}.footer";

    public static string Manifest(string jobId, int file) => $"jobs/{jobId}/files/{file:D5}.manifest.json";
}
