using Synth.Runtime.Grains;

namespace Synth.Grains.Jobs;

/// <summary>
/// The list of every job (one grain, key <see cref="Key"/>): for listings, and for silos looking
/// for jobs with shards to claim. Job grains keep it up to date at each change of status.
/// </summary>
public interface IJobIndexGrain : IGrain
{
    public const string Key = "all";

    /// <summary>Adds or updates a job's row.</summary>
    Task RecordAsync(JobListing job);

    Task RemoveAsync(string jobId);

    /// <summary>Queued and running jobs, oldest first: where silos look for shards.</summary>
    Task<IReadOnlyList<JobListing>> GetActiveAsync();

    /// <summary>Jobs newest first, filtered, one page at a time.</summary>
    Task<JobPage> ListAsync(JobQuery query);
}

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

/// <param name="Status">Only jobs in this status.</param>
/// <param name="Owner">Only jobs of this owner.</param>
/// <param name="Limit">Page size, 1 to 1000.</param>
/// <param name="Cursor">The <see cref="JobPage.Next"/> of the previous page; null for the first.</param>
public sealed record JobQuery(JobStatus? Status = null, string? Owner = null, int Limit = 50, string? Cursor = null);

/// <param name="Next">Pass as <see cref="JobQuery.Cursor"/> for the next page; null on the last.</param>
public sealed record JobPage(IReadOnlyList<JobListing> Jobs, string? Next);
