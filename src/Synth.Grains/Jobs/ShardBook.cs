namespace Synth.Grains.Jobs;

/// <summary>
/// The shard bookkeeping of one job, without any cluster: who runs which shard (by shard and
/// attempt), rows done in running shards, retries with backoff, and claims lost with their silo.
/// It changes the <see cref="ShardState"/>s it is given (the job's durable state); the caller
/// writes them. Rows in flight and last reports live in memory only: a new activation learns
/// them again from the next reports.
/// </summary>
/// <param name="since">When this book (this activation) started: a running claim not heard from since then counts as silent from then.</param>
internal sealed class ShardBook(List<ShardState> shards, DateTimeOffset since)
{
    /// <summary>Failed runs of a shard before its failure fails the job.</summary>
    public const int MaxFailures = 3;

    /// <summary>A claim with no report for this long is taken back, even if its silo looks alive.</summary>
    public static readonly TimeSpan SilentClaimTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<int, long> _rowsInFlight = [];
    private readonly Dictionary<int, DateTimeOffset> _lastHeard = [];

    public IReadOnlyList<ShardState> Shards => shards;

    public bool AllDone => shards.TrueForAll(s => s.Status == ShardStatus.Done);

    /// <summary>
    /// The shard the claim gets: the one it already has (a retried claim), else the first queued
    /// shard whose backoff is over; null when none is waiting.
    /// </summary>
    public ShardState? Claim(ShardClaim claim, DateTimeOffset now)
    {
        var again = shards.Find(s => s.Status == ShardStatus.Running && s.ClaimRequest == claim.RequestId);
        if (again is not null) return again;
        var shard = shards.Find(s => s.Status == ShardStatus.Queued && (s.NotBefore is null || s.NotBefore <= now));
        if (shard is null) return null;
        shard.Status = ShardStatus.Running;
        shard.Attempt++;
        shard.ClaimRequest = claim.RequestId;
        shard.Silo = claim.Silo;
        shard.NotBefore = null;
        _rowsInFlight[shard.Plan.Index] = 0;
        _lastHeard[shard.Plan.Index] = now;
        return shard;
    }

    /// <summary>The shard while <paramref name="attempt"/> is its current run; null for a stale or unknown one.</summary>
    public ShardState? Running(int shard, int attempt) =>
        shard >= 0 && shard < shards.Count && shards[shard] is { Status: ShardStatus.Running } s && s.Attempt == attempt ? s : null;

    /// <summary>Records a report of the current run; false when the run is stale (it must stop).</summary>
    public bool Report(int shard, int attempt, long rowsDone, DateTimeOffset now)
    {
        if (Running(shard, attempt) is null) return false;
        _rowsInFlight[shard] = rowsDone;
        _lastHeard[shard] = now;
        return true;
    }

    /// <summary>Marks the current run heard from (without rows).</summary>
    public bool Touch(int shard, int attempt, DateTimeOffset now)
    {
        if (Running(shard, attempt) is null) return false;
        _lastHeard[shard] = now;
        return true;
    }

    public ShardCompletion Complete(int shard, int attempt, long bytes)
    {
        if (shard >= 0 && shard < shards.Count && shards[shard] is { Status: ShardStatus.Done } done && done.Attempt == attempt) return ShardCompletion.AlreadyDone;
        if (Running(shard, attempt) is not { } state) return ShardCompletion.Stale;
        state.Status = ShardStatus.Done;
        state.ClaimRequest = null;
        state.Bytes = bytes;
        Forget(shard);
        return ShardCompletion.Completed;
    }

    /// <summary>
    /// A run failed. Retryable failures wait 1 s, 2 s, 4 s … (so a failing dependency gets time to
    /// recover) up to <see cref="MaxFailures"/>; then, or for a failure that is not retryable, the job must fail.
    /// </summary>
    public ShardFailure Fail(int shard, int attempt, string error, bool retry, DateTimeOffset now)
    {
        if (Running(shard, attempt) is not { } state) return ShardFailure.Stale;
        state.LastError = error;
        state.Failures++;
        Forget(shard);
        if (!retry) return ShardFailure.NotRetryable;
        if (state.Failures >= MaxFailures) return ShardFailure.Exhausted;
        Requeue(state, now + TimeSpan.FromSeconds(Math.Pow(2, state.Failures - 1)));
        return ShardFailure.Retried;
    }

    /// <summary>Running shards whose silo is no longer alive, or silent too long: back to the queue (not counted as failures). Returns them.</summary>
    public IReadOnlyList<ShardState> TakeBackLost(Func<string, bool> siloAlive, DateTimeOffset now)
    {
        var lost = shards.FindAll(s => s.Status == ShardStatus.Running
            && (!siloAlive(s.Silo!) || now - _lastHeard.GetValueOrDefault(s.Plan.Index, since) > SilentClaimTimeout));
        return lost;
    }

    /// <summary>Puts a running shard back in the queue; a later report of its run is stale.</summary>
    public void Requeue(ShardState shard, DateTimeOffset? notBefore)
    {
        shard.Status = ShardStatus.Queued;
        shard.ClaimRequest = null;
        shard.Silo = null;
        shard.NotBefore = notBefore;
        Forget(shard.Plan.Index);
    }

    /// <summary>Every running shard back to the queue (the job ended: their next report is told to stop).</summary>
    public void RequeueRunning()
    {
        foreach (var shard in shards.FindAll(s => s.Status == ShardStatus.Running)) Requeue(shard, notBefore: null);
    }

    /// <summary>A queued shard's backoff is over: silos should be told.</summary>
    public bool AnyBackoffOver(DateTimeOffset now) => shards.Exists(s => s.Status == ShardStatus.Queued && s.NotBefore is { } t && t <= now);

    /// <summary>Rows done: every done shard's rows plus the last report of each running one.</summary>
    public ShardCounts Count()
    {
        long rows = 0;
        int queued = 0, running = 0, done = 0;
        foreach (var shard in shards)
        {
            switch (shard.Status)
            {
                case ShardStatus.Done:
                    rows += shard.Plan.RowCount;
                    done++;
                    break;
                case ShardStatus.Running:
                    rows += _rowsInFlight.GetValueOrDefault(shard.Plan.Index);
                    running++;
                    break;
                default:
                    queued++;
                    break;
            }
        }
        return new ShardCounts(rows, queued, running, done, shards.Count(s => s.Failures >= MaxFailures && s.Status != ShardStatus.Done));
    }

    private void Forget(int shard)
    {
        _rowsInFlight.Remove(shard);
        _lastHeard.Remove(shard);
    }
}
