using Synth.Core.Datasets;

namespace Synth.Grains.Jobs;

/// <summary>
/// A shard of a sample job: batch k of the model's sample (<see cref="TableModel.SampleBatch"/>),
/// written with <see cref="TableWriter"/>; the first shard's part starts with the file's header and
/// the last one's ends with its footer, so the parts concatenate into the file.
/// </summary>
internal sealed class SampleShardRunner : IShardRunner
{
    public async Task<long> RunAsync(ShardRun run, CancellationToken cancellationToken)
    {
        var (spec, plan) = (run.Assignment.Spec, run.Assignment.Plan);
        var sample = spec.Sample ?? throw new InvalidOperationException("a sample job without its sample spec");
        byte[] bytes;
        await using (var stored = await run.Artifacts.OpenReadAsync(sample.ModelKey, cancellationToken: cancellationToken).ConfigureAwait(false))
        using (var buffer = new MemoryStream())
        {
            await stored.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }
        var model = TableModel.Load(bytes);
        var writer = TableWriter.For(model.Domain, spec.Format, spec.Compression == "gzip");
        await using var part = await run.Artifacts.BeginUploadAsync(plan.PartKey, cancellationToken).ConfigureAwait(false);
        await Task.Factory.StartNew(() =>
        {
            var rows = model.SampleBatch(spec.Rows, spec.Seed, plan.FirstBlock);
            cancellationToken.ThrowIfCancellationRequested();
            if (plan.FirstRow == 0) writer.WriteHeader(part.Content);
            writer.WriteRows(rows, plan.FirstRow, part.Content);
            if (plan.FirstRow + plan.RowCount == spec.Rows) writer.WriteFooter(part.Content);
            run.ReportRows(plan.RowCount);
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        run.Generated.TrySetResult();
        await part.Content.FlushAsync(cancellationToken).ConfigureAwait(false);
        var committed = await part.CommitAsync(cancellationToken).ConfigureAwait(false);
        return committed.Length;
    }
}
