using Synth.Runtime.Grains;

namespace Synth.Grains.Jobs;

/// <summary>
/// One job (generate, fit or sample; see <see cref="JobKind"/>), keyed by its id. It splits the job into shards, hands them to the
/// silos that claim them (<see cref="ClaimShardAsync"/>), follows their progress, retries failed
/// shards, publishes the output (manifest last) and its progress stream.
/// Errors: <see cref="KeyNotFoundException"/> for a job never submitted,
/// <see cref="JobConflictException"/> for a request the job's state forbids.
/// </summary>
public interface IJobGrain : IGrain
{
    /// <summary>Creates the job. Idempotent: submitting the same spec again returns the job; a different spec under the same id throws <see cref="JobConflictException"/>.</summary>
    Task<JobInfo> SubmitAsync(JobSpec spec);

    /// <summary>The job, or null when no job has this id.</summary>
    Task<JobInfo?> GetAsync();

    /// <summary>Stops every shard (within about a second) and removes partial parts. Cancelling a final job changes nothing (JobConflictException if it succeeded).</summary>
    Task<JobInfo> CancelAsync();

    /// <summary>Cancels the job if it runs, removes its artifacts and forgets it. False when there was no such job.</summary>
    Task<bool> DeleteAsync();

    // ---- the silos' side (ShardWorker) ---------------------------------------------------

    /// <summary>Gives the calling silo a shard to generate, or null when none is waiting (or the silo lacks the job's tags).</summary>
    Task<ShardAssignment?> ClaimShardAsync(string siloId, IReadOnlyList<string> siloTags);

    /// <summary>Rows done so far in a claimed shard, and its stage (fits). False: stop now (cancelled, or the claim was taken back).</summary>
    Task<bool> ReportShardAsync(int shard, Guid claim, long rowsDone, ShardStage? stage = null);

    /// <summary>
    /// A fit is about to measure the data: from now on its budget grant is spent for good (no refund,
    /// no retry). False: stop without touching the data (cancelled, or the claim was taken back).
    /// </summary>
    Task<bool> MarkDataTouchedAsync(int shard, Guid claim);

    /// <summary>The shard's part (<see cref="ShardPlan.PartKey"/>) and summary (<see cref="ShardPlan.SummaryKey"/>) are committed to the artifact store.</summary>
    Task CompleteShardAsync(int shard, Guid claim, long bytes);

    /// <summary>
    /// The shard failed; with <paramref name="retry"/> it is retried with backoff, a bounded number
    /// of times, then fails the job with <paramref name="error"/>; without (the job's input is at
    /// fault), the job fails at once.
    /// </summary>
    Task FailShardAsync(int shard, Guid claim, string error, bool retry);
}

/// <summary>A claimed shard: what to generate and where to put it.</summary>
public sealed record ShardAssignment(string JobId, int Shard, Guid Claim, int Attempt, JobSpec Spec, ShardPlan Plan);

/// <summary>
/// Which rows a shard generates and where it writes them. Shards are cut on the format's block
/// boundaries (<c>Synth.Core.Output.Shard</c>), so the parts of a file, between its header and
/// footer, concatenate to exactly the bytes of a single run.
/// </summary>
/// <param name="File">The output file (0 unless the job has several parts).</param>
/// <param name="Index">The shard's number in the job.</param>
/// <param name="FileShard">The shard's number within its file.</param>
public sealed record ShardPlan(int File, int Index, int FileShard, int FirstBlock, int BlockCount, long FirstRow, long RowCount, string PartKey, string SummaryKey);

/// <summary>Thrown when a request conflicts with the job's state (HTTP 409).</summary>
public sealed class JobConflictException(string message) : Exception(message);
