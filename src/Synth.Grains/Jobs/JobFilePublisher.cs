using Synth.Core.Output;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Grains.Jobs;

/// <summary>
/// Turns a job's finished shards into downloadable files. A file is a manifest listing parts
/// whose concatenation is the file: header · shard parts · footer (or, for part files, the one
/// part). The manifest is written last, so a file is either complete or absent. A multi-table
/// schema's job has one file: the SQL script (each table's file, parents first) or the zip archive
/// (<see cref="JobArchivePublisher"/>).
/// </summary>
internal static class JobFilePublisher
{
    public static async Task<IReadOnlyList<JobFile>> PublishAsync(IArtifactStore store, string jobId, JobSpec spec, JobRecipe recipe,
        IReadOnlyList<ShardPlan> shards, CancellationToken cancellationToken)
    {
        if (recipe.IsMultiTable)
        {
            var tableParts = recipe.Archive is not null
                ? await JobArchivePublisher.AssembleAsync(store, jobId, recipe, shards, cancellationToken).ConfigureAwait(false)
                : await SqlScriptAsync(store, jobId, recipe, shards, cancellationToken).ConfigureAwait(false);
            return [await SaveAsync(store, jobId, 0, new ArtifactManifest(tableParts, recipe.ContentType, recipe.FileName(spec, 0)), cancellationToken).ConfigureAwait(false)];
        }
        var files = new List<JobFile>();
        foreach (var file in shards.GroupBy(s => s.File).OrderBy(g => g.Key))
        {
            var parts = spec.Parts > 1
                ? await PartFileAsync(store, file.Single(), cancellationToken).ConfigureAwait(false)
                : await AssembledFileAsync(store, jobId, spec, recipe, file.Key, [.. file.OrderBy(s => s.FileShard)], cancellationToken).ConfigureAwait(false);
            files.Add(await SaveAsync(store, jobId, file.Key, new ArtifactManifest(parts, recipe.ContentType, recipe.FileName(spec, file.Key)), cancellationToken).ConfigureAwait(false));
        }
        return files;
    }

    private static async Task<JobFile> SaveAsync(IArtifactStore store, string jobId, int file, ArtifactManifest manifest, CancellationToken cancellationToken)
    {
        var key = JobKeys.Manifest(jobId, file);
        await manifest.SaveAsync(store, key, cancellationToken).ConfigureAwait(false);
        return new JobFile(manifest.FileName, manifest.ContentType, manifest.TotalLength, key);
    }

    /// <summary>One SQL script: each table's file (CREATE TABLE, inserts) in dependency order, as <see cref="DatabaseRunner.WriteSqlScript"/> writes it.</summary>
    private static async Task<IReadOnlyList<ArtifactPart>> SqlScriptAsync(IArtifactStore store, string jobId, JobRecipe recipe,
        IReadOnlyList<ShardPlan> shards, CancellationToken cancellationToken)
    {
        var parts = new List<ArtifactPart>();
        for (var t = 0; t < recipe.Tables.Count; t++)
        {
            var table = recipe.Tables[t];
            var tableShards = shards.Where(s => s.Table == t).OrderBy(s => s.FileShard).ToList();
            parts.AddRange(await AssembleAsync(store, jobId, t, tableShards,
                output => GenerationRunner.WriteHeader(table.Schema.Layout, table.Format, output, recipe.StreamGzip),
                (results, output) => GenerationRunner.WriteFooter(table.Schema.Layout, table.Format, table.Rows, results, output, recipe.StreamGzip),
                cancellationToken).ConfigureAwait(false));
        }
        return parts;
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
        var table = recipe.Tables[0];
        return AssembleAsync(store, jobId, file, shards,
            output => GenerationRunner.WriteHeader(table.Schema.Layout, table.Format, output, recipe.StreamGzip),
            (results, output) => GenerationRunner.WriteFooter(table.Schema.Layout, table.Format, spec.Rows, results, output, recipe.StreamGzip),
            cancellationToken);
    }

    /// <summary>
    /// The parts of a file made of shards: header · shard parts · footer, the footer computed from
    /// the shards' summaries (block placements), whoever made their rows.
    /// </summary>
    public static async Task<IReadOnlyList<ArtifactPart>> AssembleAsync(IArtifactStore store, string jobId, int file, IReadOnlyList<ShardPlan> shards,
        Func<Stream, long> writeHeader, Func<IReadOnlyList<ShardResult>, Stream, long> writeFooter, CancellationToken cancellationToken)
    {
        var results = await ReadSummariesAsync(store, shards, cancellationToken).ConfigureAwait(false);
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

    /// <summary>What each shard wrote (block placements, bytes, CRC), from the summaries the shards committed.</summary>
    public static async Task<IReadOnlyList<ShardResult>> ReadSummariesAsync(IArtifactStore store, IReadOnlyList<ShardPlan> shards, CancellationToken cancellationToken)
    {
        var results = new List<ShardResult>(shards.Count);
        foreach (var shard in shards)
        {
            results.Add(ShardResultJson.Deserialize(await store.ReadAllBytesAsync(shard.SummaryKey, cancellationToken).ConfigureAwait(false)));
        }
        return results;
    }

    public static async Task<ArtifactPart> UploadAsync(IArtifactStore store, string key, MemoryStream bytes, CancellationToken cancellationToken)
    {
        await using var upload = await store.BeginUploadAsync(key, cancellationToken).ConfigureAwait(false);
        bytes.Position = 0;
        await bytes.CopyToAsync(upload.Content, cancellationToken).ConfigureAwait(false);
        var info = await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ArtifactPart(key, info.Length);
    }
}
