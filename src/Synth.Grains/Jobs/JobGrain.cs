using Microsoft.Extensions.Logging;
using Synth.Grains.Models;
using Synth.Grains.Privacy;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;
using Synth.Storage;

namespace Synth.Grains.Jobs;

/// <summary>
/// A job of any kind (generate, fit, sample). Silos pull its shards (<see cref="ClaimShardAsync"/>), report progress every few
/// hundred milliseconds and complete or fail them; the grain keeps the books, takes back shards
/// whose silo died or went silent, retries failed ones with backoff, publishes the output
/// (manifest last) and a progress stream. A reminder brings it back after a failover.
/// A fit job also keeps its budget grant honest: it refunds the grant (once) when the fit ends
/// before touching the data, never after, never retries a fit that touched it, and tells the
/// model how the fit ended.
/// </summary>
internal sealed partial class JobGrain(IArtifactStore artifacts, ClusterClient cluster, IClusterStore store, ILogger<JobGrain> logger)
    : Grain<JobState>, IJobGrain, IRemindable
{
    /// <summary>How often progress is published (at most), and stale claims looked for.</summary>
    internal static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>A claim with no report for this long is taken back, even if its silo looks alive.</summary>
    internal static readonly TimeSpan SilentClaimTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs of a shard before its failure fails the job.</summary>
    internal const int MaxAttempts = 3;

    private const string Watchdog = "watchdog";
    private static readonly ShardStage FitDone = new("done", 1, "the model is stored and ready to sample");
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(5);

    // Progress of running shards: memory only (reports bring it back after a failover).
    private readonly Dictionary<int, long> _rowsInFlight = [];
    private readonly Dictionary<int, DateTimeOffset> _lastHeard = [];
    private ShardStage? _stage;
    private readonly RateMeter _rate = new();
    private IDisposable? _ticker;
    private JobProgress? _published;
    private JobStatus? _publishedStatus;
    private DateTimeOffset _publishedAt;

    private IJobIndexGrain Index => GrainFactory.Get<IJobIndexGrain>(IJobIndexGrain.Key);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Spec is not null && !State.Status.IsFinal()) StartTicking();
        return Task.CompletedTask;
    }

    public async Task<JobInfo> SubmitAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (State.Spec is not null)
        {
            if (SameSpec(State.Spec, spec)) return Info();
            throw new JobConflictException($"job {Key} exists with a different spec (an Idempotency-Key is for retrying the same request)");
        }
        var plans = JobPlanner.Plan(Key, spec);
        State = new JobState
        {
            Spec = spec,
            Status = JobStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
            Shards = [.. plans.Select(p => new ShardState { Plan = p })],
        };
        await WriteStateAsync().ConfigureAwait(false);
        await RegisterOrUpdateReminder(Watchdog, WatchdogPeriod).ConfigureAwait(false);
        await Index.RecordAsync(Listing()).ConfigureAwait(false);
        await PublishProgressAsync(force: true).ConfigureAwait(false);
        await AnnounceShardsAsync().ConfigureAwait(false);
        StartTicking();
        LogSubmitted(logger, Key, spec.Rows, spec.Format, State.Shards.Count);
        return Info();
    }

    public Task<JobInfo?> GetAsync() => Task.FromResult(State.Spec is null ? null : Info());

    public async Task<JobInfo> CancelAsync()
    {
        RequireJob();
        if (State.Status == JobStatus.Succeeded) throw new JobConflictException($"job {Key} has already succeeded; delete it to remove its output");
        if (State.Status.IsFinal()) return Info();
        await FinishAsync(JobStatus.Cancelled, error: null).ConfigureAwait(false);
        LogCancelled(logger, Key);
        return Info();
    }

    public async Task<bool> DeleteAsync()
    {
        if (State.Spec is null) return false;
        if (!State.Status.IsFinal()) await FinishAsync(JobStatus.Cancelled, error: null).ConfigureAwait(false);
        await artifacts.DeletePrefixAsync(JobKeys.Prefix(Key)).ConfigureAwait(false);
        await Index.RemoveAsync(Key).ConfigureAwait(false);
        await UnregisterReminder(Watchdog).ConfigureAwait(false);
        await ClearStateAsync().ConfigureAwait(false);
        DeactivateOnIdle();
        return true;
    }

    public async Task<ShardAssignment?> ClaimShardAsync(string siloId, IReadOnlyList<string> siloTags)
    {
        if (State.Spec is not { } spec || State.Status.IsFinal()) return null;
        if (!spec.RequiredTags.All(t => siloTags.Contains(t, StringComparer.Ordinal))) return null;
        var now = DateTimeOffset.UtcNow;
        var shard = State.Shards.FirstOrDefault(s => s.Status == ShardStatus.Queued && (s.NotBefore is null || s.NotBefore <= now));
        if (shard is null) return null;
        shard.Status = ShardStatus.Running;
        shard.Claim = Guid.NewGuid();
        shard.Silo = siloId;
        shard.Attempts++;
        shard.NotBefore = null;
        var starting = State.Status == JobStatus.Queued;
        if (starting)
        {
            State.Status = JobStatus.Running;
            State.StartedAt = now;
        }
        await WriteStateAsync().ConfigureAwait(false);
        _rowsInFlight[shard.Plan.Index] = 0;
        _lastHeard[shard.Plan.Index] = now;
        if (starting) await Index.RecordAsync(Listing()).ConfigureAwait(false);
        return new ShardAssignment(Key, shard.Plan.Index, shard.Claim.Value, shard.Attempts, spec, shard.Plan);
    }

    public Task<bool> ReportShardAsync(int shard, Guid claim, long rowsDone, ShardStage? stage = null)
    {
        if (FindClaimed(shard, claim) is null) return Task.FromResult(false);
        _rowsInFlight[shard] = rowsDone;
        _lastHeard[shard] = DateTimeOffset.UtcNow;
        if (stage is not null) _stage = stage;
        return Task.FromResult(true);
    }

    public async Task<bool> MarkDataTouchedAsync(int shard, Guid claim)
    {
        if (FindClaimed(shard, claim) is null) return false;
        _lastHeard[shard] = DateTimeOffset.UtcNow;
        if (State.DataTouched) return true;
        State.DataTouched = true;
        await WriteStateAsync().ConfigureAwait(false);
        LogDataTouched(logger, Key);
        return true;
    }

    public async Task CompleteShardAsync(int shard, Guid claim, long bytes)
    {
        if (FindClaimed(shard, claim) is not { } state)
        {
            // A run whose claim was taken back, or of a job that ended: its part is not wanted,
            // unless the shard is done (then it holds the same bytes, written by the same key).
            if (State.Spec is null || State.Status is JobStatus.Cancelled or JobStatus.Failed) await DeleteShardArtifactsAsync(shard).ConfigureAwait(false);
            return;
        }
        state.Status = ShardStatus.Done;
        state.Claim = null;
        state.Bytes = bytes;
        _rowsInFlight.Remove(shard);
        _lastHeard.Remove(shard);
        if (State.Shards.All(s => s.Status == ShardStatus.Done))
        {
            State.ShardsDoneAt = DateTimeOffset.UtcNow;
            await WriteStateAsync().ConfigureAwait(false);
            await PublishFilesAsync().ConfigureAwait(false);
            return;
        }
        await WriteStateAsync().ConfigureAwait(false);
    }

    public async Task FailShardAsync(int shard, Guid claim, string error, bool retry)
    {
        if (FindClaimed(shard, claim) is not { } state) return;
        state.LastError = error;
        _rowsInFlight.Remove(shard);
        _lastHeard.Remove(shard);
        LogShardFailed(logger, Key, shard, state.Attempts, error);
        if (State.DataTouched)
        {
            // Running the fit again would measure the data again: a second spend nobody granted.
            await FinishAsync(JobStatus.Failed, $"the fit failed after reading the data, so it is not retried and its budget is spent; error: {error}").ConfigureAwait(false);
            return;
        }
        if (!retry)
        {
            await FinishAsync(JobStatus.Failed, $"shard {shard} failed on the job's input, which a retry would not change: {error}").ConfigureAwait(false);
            return;
        }
        if (state.Attempts >= MaxAttempts)
        {
            await FinishAsync(JobStatus.Failed, $"shard {shard} failed {state.Attempts} times; last error: {error}").ConfigureAwait(false);
            return;
        }
        // Backoff: 1 s, 2 s, 4 s … so a failing dependency gets time to recover.
        Requeue(state, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Pow(2, state.Attempts - 1)));
        await WriteStateAsync().ConfigureAwait(false);
        await AnnounceShardsAsync().ConfigureAwait(false);
    }

    public async Task ReceiveReminder(string name)
    {
        if (State.Spec is null || State.Status.IsFinal())
        {
            // Ended: a last sweep for parts written by runs that finished after the end, then rest
            // (a fit's outcome is retried until the model and the budget have it).
            if (State.Status is JobStatus.Cancelled or JobStatus.Failed) await DeleteArtifactsAsync().ConfigureAwait(false);
            if (!await DeliverFitOutcomeAsync().ConfigureAwait(false)) return;
            await UnregisterReminder(Watchdog).ConfigureAwait(false);
            return;
        }
        StartTicking();
    }

    // ---- the tick: progress, stale claims, retries -------------------------------------------

    private void StartTicking() => _ticker ??= RegisterTimer(TickAsync, TickPeriod, TickPeriod);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (State.Spec is null || State.Status.IsFinal())
        {
            _ticker?.Dispose();
            _ticker = null;
            return;
        }
        if (State.Shards.All(s => s.Status == ShardStatus.Done))
        {
            // Publishing failed, or this activation took over from one that died while publishing: again.
            await PublishFilesAsync().ConfigureAwait(false);
            return;
        }
        await TakeBackLostClaimsAsync(cancellationToken).ConfigureAwait(false);
        if (State.Shards.Any(s => s.Status == ShardStatus.Queued && s.NotBefore is { } t && t <= DateTimeOffset.UtcNow))
        {
            await AnnounceShardsAsync().ConfigureAwait(false);
        }
        await PublishProgressAsync(force: false).ConfigureAwait(false);
    }

    /// <summary>Claims held by dead silos, or silent too long, go back to the queue (not counted as failures).</summary>
    private async Task TakeBackLostClaimsAsync(CancellationToken cancellationToken)
    {
        var running = State.Shards.Where(s => s.Status == ShardStatus.Running).ToList();
        if (running.Count == 0) return;
        await cluster.Membership.GetAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var lost = running.Where(s =>
            !cluster.Membership.IsActive(s.Silo!)
            || now - _lastHeard.GetValueOrDefault(s.Plan.Index, now) > SilentClaimTimeout).ToList();
        if (lost.Count == 0) return;
        if (State.DataTouched)
        {
            await FinishAsync(JobStatus.Failed, $"the silo running the fit ({lost[0].Silo}) died or went silent after reading the data; the fit is not retried (it would spend the budget twice)").ConfigureAwait(false);
            return;
        }
        foreach (var shard in lost)
        {
            LogClaimTakenBack(logger, Key, shard.Plan.Index, shard.Silo!);
            shard.Attempts--;
            Requeue(shard, notBefore: null);
        }
        await WriteStateAsync().ConfigureAwait(false);
        await AnnounceShardsAsync().ConfigureAwait(false);
    }

    private void Requeue(ShardState shard, DateTimeOffset? notBefore)
    {
        shard.Status = ShardStatus.Queued;
        shard.Claim = null;
        shard.Silo = null;
        shard.NotBefore = notBefore;
        _rowsInFlight.Remove(shard.Plan.Index);
        _lastHeard.Remove(shard.Plan.Index);
    }

    /// <summary>Wakes idle silos: shards are waiting for a claim.</summary>
    private Task AnnounceShardsAsync() => store.NotifyAsync(JobStreams.ShardsAvailableChannel, Key, CancellationToken.None);

    // ---- publishing -----------------------------------------------------------------------

    /// <summary>Every shard is done: write each file's header and footer, then its manifest (what makes it downloadable), then succeed.</summary>
    private async Task PublishFilesAsync()
    {
        var spec = State.Spec!;
        IReadOnlyList<JobFile> files;
        switch (spec.Kind)
        {
            case JobKind.Fit:
                var (result, model) = await FitPublisher.PublishAsync(artifacts, Key, spec.Fit!, ActivationToken).ConfigureAwait(false);
                State.FitResult = result;
                files = [model];
                break;
            case JobKind.Sample:
                files = [await SampleFilePublisher.PublishAsync(artifacts, Key, spec, State.Shards, ActivationToken).ConfigureAwait(false)];
                break;
            default:
                files = await JobFilePublisher.PublishAsync(artifacts, Key, spec, JobRecipe.From(spec), State.Shards.Select(s => s.Plan).ToList(), ActivationToken).ConfigureAwait(false);
                break;
        }
        State.Files = [.. files];
        await FinishAsync(JobStatus.Succeeded, error: null).ConfigureAwait(false);
        LogSucceeded(logger, Key, files.Sum(f => f.Length));
    }

    /// <summary>Ends the job: stale claims stop at their next report; a job that did not succeed leaves no artifact behind.</summary>
    private async Task FinishAsync(JobStatus status, string? error)
    {
        State.Status = status;
        State.Error = error;
        State.FinishedAt = DateTimeOffset.UtcNow;
        // Claims die with the job: their next report is told to stop.
        foreach (var shard in State.Shards.Where(s => s.Status == ShardStatus.Running)) Requeue(shard, notBefore: null);
        await WriteStateAsync().ConfigureAwait(false);
        if (status != JobStatus.Succeeded) await DeleteArtifactsAsync().ConfigureAwait(false);
        await Index.RecordAsync(Listing()).ConfigureAwait(false);
        await PublishProgressAsync(force: true).ConfigureAwait(false);
        _ticker?.Dispose();
        _ticker = null;
        await DeliverFitOutcomeAsync().ConfigureAwait(false);
    }

    private async Task DeleteArtifactsAsync()
    {
        foreach (var prefix in JobKeys.Prefixes(Key, State.Spec!)) await artifacts.DeletePrefixAsync(prefix).ConfigureAwait(false);
    }

    /// <summary>
    /// A finished fit: refunds the grant if the data was never touched (the budget grain refunds a
    /// grant at most once), then tells the model. True when done (or not a fit); false to retry from the reminder.
    /// </summary>
    private async Task<bool> DeliverFitOutcomeAsync()
    {
        if (State.Spec?.Fit is not { } fit || State.OutcomeDelivered) return true;
        try
        {
            if (State.Status != JobStatus.Succeeded && !State.DataTouched && fit.SpendId is { } spend)
            {
                var reason = $"job {Key} {State.Status.ToString().ToLowerInvariant()} before touching the data" + (State.Error is null ? "" : $": {State.Error}");
                await GrainFactory.Get<IPrivacyBudgetGrain>(fit.DatasetId).RefundAsync(spend, reason).ConfigureAwait(false);
                LogRefunded(logger, Key, fit.Rho);
            }
            await GrainFactory.Get<IModelGrain>(fit.ModelId).FitFinishedAsync(new FitOutcome(State.Status, State.Error, State.FitResult, State.FinishedAt ?? DateTimeOffset.UtcNow)).ConfigureAwait(false);
            State.OutcomeDelivered = true;
            await WriteStateAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogOutcomeNotDelivered(logger, e, Key);
            return false;
        }
    }

    private async Task DeleteShardArtifactsAsync(int shard)
    {
        await artifacts.DeleteAsync(JobKeys.ShardPart(Key, shard)).ConfigureAwait(false);
        await artifacts.DeleteAsync(JobKeys.ShardSummary(Key, shard)).ConfigureAwait(false);
    }

    /// <summary>Appends a progress event when something changed: on every status change, else at most once per tick.</summary>
    private async Task PublishProgressAsync(bool force)
    {
        var progress = Progress();
        var now = DateTimeOffset.UtcNow;
        if (!force && progress == _published && State.Status == _publishedStatus) return;
        if (!force && now - _publishedAt < TickPeriod * 0.8) return;
        var update = new JobProgressEvent(Key, State.Status, progress, State.Error, now);
        await Streams.AppendAsync(JobStreams.Progress(Key), update.ToBytes()).ConfigureAwait(false);
        (_published, _publishedStatus, _publishedAt) = (progress, State.Status, now);
    }

    // ---- views ----------------------------------------------------------------------------

    private JobProgress Progress()
    {
        var spec = State.Spec!;
        long done = 0;
        int queued = 0, running = 0, finished = 0;
        foreach (var shard in State.Shards)
        {
            switch (shard.Status)
            {
                case ShardStatus.Done:
                    done += shard.Plan.RowCount;
                    finished++;
                    break;
                case ShardStatus.Running:
                    done += _rowsInFlight.GetValueOrDefault(shard.Plan.Index);
                    running++;
                    break;
                default:
                    queued++;
                    break;
            }
        }
        if (State.Status == JobStatus.Succeeded) done = spec.Rows;
        var failed = State.Status == JobStatus.Failed ? State.Shards.Count(s => s.Attempts >= MaxAttempts && s.Status != ShardStatus.Done) : 0;
        var rate = State.Status switch
        {
            JobStatus.Running => _rate.Update(DateTimeOffset.UtcNow, done),
            // Finished: the job's average, start to publish.
            JobStatus.Succeeded when State.StartedAt is { } from && State.FinishedAt is { } to && to > from => spec.Rows / (to - from).TotalSeconds,
            _ => 0,
        };
        double? eta = State.Status switch
        {
            JobStatus.Running when rate > 0 => Math.Round((spec.Rows - done) / rate, 1),
            JobStatus.Succeeded => 0,
            _ => null,
        };
        // A fit's stages are reported in memory only; a finished fit (perhaps shorter than a report period, or read after a failover) says it is done.
        var stage = spec.Kind == JobKind.Fit && State.Status == JobStatus.Succeeded ? FitDone : _stage;
        return new JobProgress(done, spec.Rows, Math.Round(rate), eta, queued, running, finished, failed, stage?.Stage, stage?.Fraction, stage?.Message);
    }

    private JobInfo Info() =>
        new(Key, State.Status, JobSpecSummary.Of(State.Spec!), State.CreatedAt, State.StartedAt, State.FinishedAt, Progress(), State.Error, State.Files, State.ShardsDoneAt);

    private JobListing Listing()
    {
        var spec = State.Spec!;
        return new JobListing(Key, State.Status, spec.Name, spec.Format, spec.Rows, spec.RequiredTags, spec.Owner, State.CreatedAt, State.FinishedAt, spec.Kind);
    }

    private ShardState? FindClaimed(int shard, Guid claim) =>
        State.Spec is not null && !State.Status.IsFinal() && shard >= 0 && shard < State.Shards.Count
        && State.Shards[shard] is { Status: ShardStatus.Running } s && s.Claim == claim
            ? s
            : null;

    private void RequireJob()
    {
        if (State.Spec is null) throw new KeyNotFoundException($"job {Key} does not exist");
    }

    private static bool SameSpec(JobSpec a, JobSpec b) =>
        a with { RequiredTags = [] } == b with { RequiredTags = [] } && a.RequiredTags.SequenceEqual(b.RequiredTags, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: submitted, {Rows} rows of {Format} in {Shards} shard(s)")]
    private static partial void LogSubmitted(ILogger logger, string job, long rows, string format, int shards);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: the fit is about to measure the data; its budget is now spent for good")]
    private static partial void LogDataTouched(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: ended before touching the data; its grant (rho {Rho}) is refunded")]
    private static partial void LogRefunded(ILogger logger, string job, double rho);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: could not tell the model (or the budget) how the fit ended; the reminder retries")]
    private static partial void LogOutcomeNotDelivered(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: cancelled")]
    private static partial void LogCancelled(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: succeeded, {Bytes} bytes published")]
    private static partial void LogSucceeded(ILogger logger, string job, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: shard {Shard} failed (attempt {Attempt}): {Error}")]
    private static partial void LogShardFailed(ILogger logger, string job, int shard, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: shard {Shard} taken back from silo {Silo} (dead or silent)")]
    private static partial void LogClaimTakenBack(ILogger logger, string job, int shard, string silo);
}
