namespace Synth.Grains.Jobs;

/// <summary>A job as users see it. <see cref="ShardsDoneAt"/>: when its last shard completed (FinishedAt − ShardsDoneAt is the time spent publishing).</summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobInfo")]
public sealed record JobInfo(
    string Id,
    JobStatus Status,
    JobSpecSummary Spec,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JobProgress Progress,
    string? Error,
    IReadOnlyList<JobFile> Files,
    DateTimeOffset? ShardsDoneAt = null);

/// <summary>The spec without the schema text (which can be large). Fit and sample jobs name their dataset and model.</summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobSpecSummary")]
public sealed record JobSpecSummary(
    string? Name,
    string? SchemaId,
    long Rows,
    string Format,
    string? Compression,
    ulong Seed,
    IReadOnlyList<string> RequiredTags,
    int Parts,
    string? Owner,
    JobKind Kind = JobKind.Generate,
    string? DatasetId = null,
    string? ModelId = null)
{
    public static JobSpecSummary Of(JobSpec spec) =>
        new(spec.Name, spec.SchemaId, spec.Rows, spec.Format, spec.Compression, spec.Seed, spec.RequiredTags, spec.Parts, spec.Owner,
            spec.Kind, spec.Fit?.DatasetId, spec.Fit?.ModelId ?? spec.Sample?.ModelId);
}

/// <summary>
/// A published output file: its manifest in the artifact store lists the parts that, concatenated,
/// are the file. One per job, or one per part with <see cref="JobSpec.Parts"/> &gt; 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobFile")]
public sealed record JobFile(string FileName, string ContentType, long Length, string ManifestKey);
