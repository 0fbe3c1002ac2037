using Orleans.Concurrency;

namespace Synth.Grains.Jobs;

/// <summary>
/// One job (generate, fit or sample; see <see cref="JobKind"/>), keyed by its id. It splits the job into shards, hands them to the
/// silos that claim them (<see cref="ClaimShardAsync"/>), follows their progress, retries failed
/// shards, publishes the output (manifest last) and its progress events.
/// Errors: <see cref="KeyNotFoundException"/> for a job never submitted,
/// <see cref="JobConflictException"/> for a request the job's state forbids.
/// Calls are at-most-once, so every call a client may retry is idempotent: submit (by id, which an
/// Idempotency-Key fixes), claim (by the claim's request id), report, complete and fail (by shard and attempt).
/// </summary>
[Alias("synth.jobs.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Creates the job. Idempotent: submitting the same spec again returns the job; a different spec under the same id throws <see cref="JobConflictException"/>.</summary>
    [Alias("Submit")]
    Task<JobInfo> SubmitAsync(JobSpec spec);

    /// <summary>The job, or null when no job has this id.</summary>
    [Alias("Get")]
    Task<JobInfo?> GetAsync();

    /// <summary>Stops every shard (within about a second) and removes partial parts. Cancelling a final job changes nothing (JobConflictException if it succeeded).</summary>
    [Alias("Cancel")]
    Task<JobInfo> CancelAsync();

    /// <summary>Cancels the job if it runs, removes its artifacts and forgets it. False when there was no such job.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>
    /// Progress events after <paramref name="afterSequence"/> (0: from the first this activation
    /// still has), waiting up to <paramref name="wait"/> for one when there is none yet (a long
    /// poll: it interleaves with the job's other calls and never holds them up). Sequences
    /// increase by one with no repeat; see <see cref="JobProgressPage"/>.
    /// </summary>
    [AlwaysInterleave]
    [Alias("ReadProgress")]
    Task<JobProgressPage> ReadProgressAsync(long afterSequence, TimeSpan wait);

    // ---- the silos' side (ShardWorker) ---------------------------------------------------

    /// <summary>
    /// Gives the calling silo a shard to run, or null when none is waiting (or the silo lacks the
    /// job's tags). Retrying with the same <see cref="ShardClaim.RequestId"/> returns the same shard.
    /// </summary>
    [Alias("ClaimShard")]
    Task<ShardAssignment?> ClaimShardAsync(ShardClaim claim);

    /// <summary>Rows done so far in a claimed shard, and its stage (fits). False: stop now (cancelled, or the claim was taken back).</summary>
    [Alias("ReportShard")]
    Task<bool> ReportShardAsync(int shard, int attempt, long rowsDone, ShardStage? stage = null);

    /// <summary>
    /// A fit is about to measure the data: from now on its budget grant is spent for good (no refund,
    /// no retry). False: stop without touching the data (cancelled, or the claim was taken back).
    /// </summary>
    [Alias("MarkDataTouched")]
    Task<bool> MarkDataTouchedAsync(int shard, int attempt);

    /// <summary>The shard's part (<see cref="ShardPlan.PartKey"/>) and summary (<see cref="ShardPlan.SummaryKey"/>) are committed to the artifact store. Idempotent.</summary>
    [Alias("CompleteShard")]
    Task CompleteShardAsync(int shard, int attempt, long bytes);

    /// <summary>
    /// The shard failed; with <paramref name="retry"/> it is retried with backoff, a bounded number
    /// of times, then fails the job with <paramref name="error"/>; without (the job's input is at
    /// fault), the job fails at once.
    /// </summary>
    [Alias("FailShard")]
    Task FailShardAsync(int shard, int attempt, string error, bool retry);
}
