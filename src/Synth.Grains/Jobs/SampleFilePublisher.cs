using Synth.Core.Datasets;
using Synth.Core.Formats;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Grains.Jobs;

/// <summary>
/// Publishes a sample job's file: header · the shards' parts in order · footer (from the shards'
/// summaries), behind a manifest written last, as a generation job's file is.
/// </summary>
internal static class SampleFilePublisher
{
    public static async Task<JobFile> PublishAsync(IArtifactStore store, string jobId, JobSpec spec, IReadOnlyList<ShardState> shards, CancellationToken cancellationToken)
    {
        var sample = spec.Sample!;
        var model = TableModel.Load(await store.ReadAllBytesAsync(sample.ModelKey, cancellationToken).ConfigureAwait(false));
        var (format, streamGzip) = JobRecipe.Output(spec);
        var writer = new SampleFileWriter(model, format, streamGzip);
        var parts = await JobFilePublisher.AssembleAsync(store, jobId, 0, [.. shards.Select(s => s.Plan).OrderBy(p => p.Index)],
            writer.WriteHeader, (results, output) => writer.WriteFooter(spec.Rows, results, output), cancellationToken).ConfigureAwait(false);
        var name = JobRecipe.Stem(spec.Name, sample.ModelId) + format.Extension + (streamGzip ? ".gz" : "");
        var manifest = new ArtifactManifest(parts, OutputFormats.MediaType(spec.Format, streamGzip), name);
        var key = JobKeys.Manifest(jobId, 0);
        await manifest.SaveAsync(store, key, cancellationToken).ConfigureAwait(false);
        return new JobFile(manifest.FileName, manifest.ContentType, manifest.TotalLength, key);
    }
}
