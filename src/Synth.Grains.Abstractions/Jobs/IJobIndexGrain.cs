using Orleans.Concurrency;

namespace Synth.Grains.Jobs;

/// <summary>
/// The list of every job (one grain, key <see cref="Key"/>): for listings, and for silos looking
/// for jobs with shards to claim. Job grains keep it up to date at each change of status, and
/// announce shards waiting for a claim, which wakes the silos waiting in <see cref="WaitForWorkAsync"/>.
/// </summary>
[Alias("synth.jobs.IJobIndexGrain")]
public interface IJobIndexGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>Adds or updates a job's row.</summary>
    [Alias("Record")]
    Task RecordAsync(JobListing job);

    [Alias("Remove")]
    Task RemoveAsync(string jobId);

    /// <summary>Queued and running jobs, oldest first: where silos look for shards.</summary>
    [Alias("GetActive")]
    Task<IReadOnlyList<JobListing>> GetActiveAsync();

    /// <summary>Jobs newest first, filtered, one page at a time.</summary>
    [Alias("List")]
    Task<JobPage> ListAsync(JobQuery query);

    /// <summary>A job has shards waiting for a claim: wakes the silos waiting for work.</summary>
    [AlwaysInterleave]
    [Alias("Announce")]
    Task AnnounceAsync(string jobId);

    /// <summary>
    /// Waits (up to <paramref name="wait"/>) until an announcement newer than <paramref name="seen"/>
    /// and returns the newest one's number (pass it next time). A long poll that never holds up the index's other calls.
    /// </summary>
    [AlwaysInterleave]
    [Alias("WaitForWork")]
    Task<long> WaitForWorkAsync(long seen, TimeSpan wait);
}
