using Synth.Core.Datasets;
using Synth.Core.Output;
using Synth.Grains.Models;

namespace Synth.Grains.Jobs;

/// <summary>Cuts a job into shards and names where everything it writes goes in the artifact store.</summary>
internal static class JobPlanner
{
    /// <summary>Rows per shard when the spec does not say: big enough that per-shard costs vanish, small enough to spread over silos.</summary>
    public const long DefaultShardRows = 1_000_000;

    /// <summary>The most shards a job may have (each is a grain-state entry and an artifact).</summary>
    public const int MaxShards = 10_000;

    /// <summary>The job's shards; throws <see cref="ArgumentException"/> naming the field for a spec that cannot run.</summary>
    public static IReadOnlyList<ShardPlan> Plan(string jobId, JobSpec spec) => spec.Kind switch
    {
        JobKind.Fit => PlanFit(jobId, spec),
        JobKind.Sample => PlanSample(jobId, spec),
        _ => Plan(jobId, spec, JobRecipe.From(spec)),
    };

    /// <summary>A fit is one piece of work (the estimation is parallel inside it): one shard, writing the model.</summary>
    private static IReadOnlyList<ShardPlan> PlanFit(string jobId, JobSpec spec)
    {
        var fit = spec.Fit ?? throw new ArgumentException("fit: a fit job needs its fit spec");
        if (!(fit.HoldoutFraction is >= 0 and < 1)) throw new ArgumentException("holdout: must be in [0, 1)");
        return [new ShardPlan(0, 0, 0, 0, 1, 0, spec.Rows, ModelIds.ModelKey(fit.ModelId), ModelIds.FitResultKey(fit.ModelId))];
    }

    /// <summary>Shard k samples the model's batch k (<see cref="TableModel.BatchRows"/> rows), so every shard's rows are fixed by (model, seed, k) alone.</summary>
    private static IReadOnlyList<ShardPlan> PlanSample(string jobId, JobSpec spec)
    {
        if (spec.Sample is null) throw new ArgumentException("sample: a sample job needs its sample spec");
        if (spec.Rows < 1) throw new ArgumentException("rows: must be at least 1");
        JobRecipe.Output(spec);
        var batches = TableModel.BatchCount(spec.Rows);
        if (batches > MaxShards) throw new ArgumentException($"rows: at most {MaxShards * (long)TableModel.BatchRows:N0}");
        var plans = new List<ShardPlan>((int)batches);
        for (var k = 0; k < batches; k++)
        {
            var first = (long)k * TableModel.BatchRows;
            plans.Add(new ShardPlan(0, k, k, k, 1, first, Math.Min(TableModel.BatchRows, spec.Rows - first), JobKeys.ShardPart(jobId, k), JobKeys.ShardSummary(jobId, k)));
        }
        return plans;
    }

    private static IReadOnlyList<ShardPlan> Plan(string jobId, JobSpec spec, JobRecipe recipe)
    {
        if (recipe.IsMultiTable) return PlanTables(jobId, spec, recipe);
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

    /// <summary>
    /// A multi-table schema: each table is cut into shards of its own (shard (t, k) makes block range k
    /// of table t, whose bytes depend on nothing else), numbered through the job, tables in
    /// dependency order; all go into the job's one file.
    /// </summary>
    private static IReadOnlyList<ShardPlan> PlanTables(string jobId, JobSpec spec, JobRecipe recipe)
    {
        var shardRows = spec.ShardRows ?? DefaultShardRows;
        var perTable = Math.Max(1, MaxShards / recipe.Tables.Count);
        var plans = new List<ShardPlan>();
        for (var t = 0; t < recipe.Tables.Count; t++)
        {
            var table = recipe.Tables[t];
            var count = (int)Math.Min(perTable, Math.Max(1, (table.Rows + shardRows - 1) / shardRows));
            foreach (var shard in Shard.Split(table.Rows, table.Format.RowsPerBlock, count))
            {
                var index = plans.Count;
                plans.Add(new ShardPlan(0, index, shard.Index, shard.FirstBlock, shard.BlockCount, shard.FirstRow, shard.RowCount,
                    JobKeys.ShardPart(jobId, index), JobKeys.ShardSummary(jobId, index), t));
            }
        }
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

    /// <summary>Everything a job that does not succeed must leave behind: its own prefix, and a fit's model directory.</summary>
    public static IReadOnlyList<string> Prefixes(string jobId, JobSpec spec) =>
        spec.Fit is { } fit ? [Prefix(jobId), ModelIds.Prefix(fit.ModelId)] : [Prefix(jobId)];

    public static string ShardPart(string jobId, int shard) => $"jobs/{jobId}/shards/{shard:D5}.part";

    public static string ShardSummary(string jobId, int shard) => $"jobs/{jobId}/shards/{shard:D5}.summary.json";

    public static string Header(string jobId, int file) => $"jobs/{jobId}/files/{file:D5}.header";

    public static string Footer(string jobId, int file) => $"jobs/{jobId}/files/{file:D5}.footer";

    public static string Manifest(string jobId, int file) => $"jobs/{jobId}/files/{file:D5}.manifest.json";

    /// <summary>A table's zip entry opening: its local header, then the table file's header as entry data.</summary>
    public static string EntryOpening(string jobId, int table) => $"jobs/{jobId}/files/{table:D5}.entry-opening";

    /// <summary>A table's zip entry closing: the table file's footer as entry data, then the end of the entry's data.</summary>
    public static string EntryClosing(string jobId, int table) => $"jobs/{jobId}/files/{table:D5}.entry-closing";

    /// <summary>The zip archive's central directory.</summary>
    public static string CentralDirectory(string jobId) => $"jobs/{jobId}/files/central-directory";
}
