using Synth.Core.Datasets;
using Synth.Core.Output;
using Synth.Storage;

namespace Synth.Grains.Jobs;

/// <summary>
/// A shard of a sample job: batch k of the model's sample, written by <see cref="SampleFileWriter"/>
/// into its part, with the summary the footer needs (as a generation shard's), so the publisher
/// assembles header · parts · footer in any format.
/// </summary>
internal sealed class SampleShardRunner : IShardRunner
{
    private readonly Lock _gate = new();

    // The model of the last sample job: its shards come one after another, and a model artifact
    // never changes under its key, so it is read and parsed once per job rather than per shard.
    private (string Key, TableModel Model)? _last;

    public async Task<long> RunAsync(ShardRun run, CancellationToken cancellationToken)
    {
        var (spec, plan) = (run.Assignment.Spec, run.Assignment.Plan);
        var sample = spec.Sample ?? throw new InvalidOperationException("a sample job without its sample spec");
        var model = await LoadAsync(run.Artifacts, sample.ModelKey, cancellationToken).ConfigureAwait(false);
        var (format, streamGzip) = JobRecipe.Output(spec);
        var writer = new SampleFileWriter(model, format, streamGzip);
        await using var part = await run.Artifacts.BeginUploadAsync(plan.PartKey, cancellationToken).ConfigureAwait(false);
        // The writer is synchronous: keep it off the thread pool's async workers.
        var result = await Task.Factory.StartNew(
            () => writer.WriteBatch(spec.Rows, spec.Seed, plan.FirstBlock, part.Content, run.ReportRows, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        run.Generated.TrySetResult();
        await using (var summary = await run.Artifacts.BeginUploadAsync(plan.SummaryKey, cancellationToken).ConfigureAwait(false))
        {
            await summary.Content.WriteAsync(ShardResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
            await summary.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await part.Content.FlushAsync(cancellationToken).ConfigureAwait(false);
        var committed = await part.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (committed.Length != result.Bytes) throw new InvalidOperationException($"part {plan.PartKey}: {result.Bytes} bytes written but {committed.Length} stored");
        return result.Bytes;
    }

    private async Task<TableModel> LoadAsync(IArtifactStore artifacts, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_last is { } last && last.Key == key) return last.Model;
        }
        var model = TableModel.Load(await artifacts.ReadAllBytesAsync(key, cancellationToken).ConfigureAwait(false));
        lock (_gate) _last = (key, model);
        return model;
    }
}
