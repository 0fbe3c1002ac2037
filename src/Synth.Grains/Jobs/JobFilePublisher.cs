using Synth.Core.Output;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Grains.Jobs;

/// <summary>
/// Turns a job's finished shards into downloadable files. A file is a manifest listing parts
/// whose concatenation is the file: header · shard parts · footer (or, for part files, the one
/// part). The manifest is written last, so a file is either complete or absent.
/// </summary>
internal static class JobFilePublisher
{
    public static async Task<IReadOnlyList<JobFile>> PublishAsync(IArtifactStore store, string jobId, JobSpec spec, JobRecipe recipe,
        IReadOnlyList<ShardPlan> shards, CancellationToken cancellationToken)
    {
        var files = new List<JobFile>();
        foreach (var file in shards.GroupBy(s => s.File).OrderBy(g => g.Key))
        {
            var parts = spec.Parts > 1
                ? await PartFileAsync(store, file.Single(), cancellationToken).ConfigureAwait(false)
                : await AssembledFileAsync(store, jobId, spec, recipe, file.Key, [.. file.OrderBy(s => s.FileShard)], cancellationToken).ConfigureAwait(false);
            var manifest = new ArtifactManifest(parts, recipe.ContentType, recipe.FileName(spec, file.Key));
            var key = JobKeys.Manifest(jobId, file.Key);
            await manifest.SaveAsync(store, key, cancellationToken).ConfigureAwait(false);
            files.Add(new JobFile(manifest.FileName, manifest.ContentType, manifest.TotalLength, key));
        }
        return files;
    }

    private static async Task<IReadOnlyList<ArtifactPart>> PartFileAsync(IArtifactStore store, ShardPlan shard, CancellationToken cancellationToken)
    {
        var info = await store.GetInfoAsync(shard.PartKey, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"part {shard.PartKey} is missing from the artifact store");
        return [new ArtifactPart(shard.PartKey, info.Length)];
    }

    private static Task<IReadOnlyList<ArtifactPart>> AssembledFileAsync(IArtifactStore store, string jobId, JobSpec spec, JobRecipe recipe,
        int file, IReadOnlyList<ShardPlan> shards, CancellationToken cancellationToken)
    {
        var options = recipe.Options(threads: 1);
        return AssembleAsync(store, jobId, file, shards,
            output => GenerationRunner.WriteHeader(recipe.Schema, recipe.Format, output, options),
            (results, output) => GenerationRunner.WriteFooter(recipe.Schema, recipe.Format, spec.Rows, results, output, options),
            cancellationToken);
    }

    /// <summary>
    /// The parts of a file made of shards: header · shard parts · footer, the footer computed from
    /// the shards' summaries (block placements), whoever made their rows.
    /// </summary>
    public static async Task<IReadOnlyList<ArtifactPart>> AssembleAsync(IArtifactStore store, string jobId, int file, IReadOnlyList<ShardPlan> shards,
        Func<Stream, long> writeHeader, Func<IReadOnlyList<ShardResult>, Stream, long> writeFooter, CancellationToken cancellationToken)
    {
        var results = new List<ShardResult>(shards.Count);
        foreach (var shard in shards)
        {
            results.Add(ShardResultJson.Deserialize(await store.ReadAllBytesAsync(shard.SummaryKey, cancellationToken).ConfigureAwait(false)));
        }
        var parts = new List<ArtifactPart>(shards.Count + 2);
        var header = new MemoryStream();
        writeHeader(header);
        if (header.Length > 0) parts.Add(await UploadAsync(store, JobKeys.Header(jobId, file), header, cancellationToken).ConfigureAwait(false));
        for (var i = 0; i < shards.Count; i++) parts.Add(new ArtifactPart(shards[i].PartKey, results[i].Bytes));
        var footer = new MemoryStream();
        writeFooter(results, footer);
        if (footer.Length > 0) parts.Add(await UploadAsync(store, JobKeys.Footer(jobId, file), footer, cancellationToken).ConfigureAwait(false));
        return parts;
    }

    private static async Task<ArtifactPart> UploadAsync(IArtifactStore store, string key, MemoryStream bytes, CancellationToken cancellationToken)
    {
        await using var upload = await store.BeginUploadAsync(key, cancellationToken).ConfigureAwait(false);
        bytes.Position = 0;
        await bytes.CopyToAsync(upload.Content, cancellationToken).ConfigureAwait(false);
        var info = await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ArtifactPart(key, info.Length);
    }
}
