namespace Synth.Grains.Jobs;

/// <summary>A job's row in the listing.</summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobListing")]
public sealed record JobListing(
    string Id,
    JobStatus Status,
    string? Name,
    string Format,
    long Rows,
    IReadOnlyList<string> RequiredTags,
    string? Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    JobKind Kind = JobKind.Generate);
