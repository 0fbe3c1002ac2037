using Synth.Core.Output;

namespace Synth.Grains.Jobs;

/// <summary>
/// A shard of a generation job: its rows of the schema (of its table, for a multi-table schema), in
/// the job's format, into its part (and summary for the footer), as <c>synth run</c> writes them.
/// </summary>
internal sealed class GenerateShardRunner : IShardRunner
{
    public async Task<long> RunAsync(ShardRun run, CancellationToken cancellationToken)
    {
        var (spec, plan) = (run.Assignment.Spec, run.Assignment.Plan);
        var recipe = JobRecipe.From(spec);
        var table = recipe.Tables[plan.Table];
        var generation = recipe.Options(run.Threads);
        var shard = JobPlanner.ToShard(plan);
        var artifacts = run.Artifacts;
        await using var part = await artifacts.BeginUploadAsync(plan.PartKey, cancellationToken).ConfigureAwait(false);
        long bytes;
        if (spec.Parts > 1)
        {
            // The engine writes synchronously: keep it off the thread pool's async workers.
            bytes = await Task.Factory.StartNew(
                () => GenerationRunner.RunPart(table.Schema, table.Format, table.Rows, shard, part.Content, generation, run.ReportRows, cancellationToken).Bytes,
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            run.Generated.TrySetResult();
        }
        else
        {
            var result = await Task.Factory.StartNew(
                () => GenerationRunner.RunShard(table.Schema, table.Format, table.Rows, shard, part.Content, generation, run.ReportRows, cancellationToken),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            bytes = result.Bytes;
            run.Generated.TrySetResult();
            await using var summary = await artifacts.BeginUploadAsync(plan.SummaryKey, cancellationToken).ConfigureAwait(false);
            await summary.Content.WriteAsync(ShardResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
            await summary.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await part.Content.FlushAsync(cancellationToken).ConfigureAwait(false);
        var committed = await part.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (committed.Length != bytes) throw new InvalidOperationException($"part {plan.PartKey}: {bytes} bytes written but {committed.Length} stored");
        return bytes;
    }
}
