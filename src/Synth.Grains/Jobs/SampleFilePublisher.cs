using Synth.Core.Formats;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Grains.Jobs;

/// <summary>
/// Publishes a sample job's file: its shard parts in order (the first carries the header, the last
/// the footer), behind a manifest written last.
/// </summary>
internal static class SampleFilePublisher
{
    public static async Task<JobFile> PublishAsync(IArtifactStore store, string jobId, JobSpec spec, IReadOnlyList<ShardState> shards, CancellationToken cancellationToken)
    {
        var gzip = spec.Compression == "gzip";
        var parts = shards.OrderBy(s => s.Plan.Index).Select(s => new ArtifactPart(s.Plan.PartKey, s.Bytes)).ToList();
        var name = JobRecipe.Stem(spec.Name, spec.Sample!.ModelId) + "." + spec.Format + (gzip ? ".gz" : "");
        var manifest = new ArtifactManifest(parts, OutputFormats.MediaType(spec.Format, gzip), name);
        var key = JobKeys.Manifest(jobId, 0);
        await manifest.SaveAsync(store, key, cancellationToken).ConfigureAwait(false);
        return new JobFile(manifest.FileName, manifest.ContentType, manifest.TotalLength, key);
    }
}
