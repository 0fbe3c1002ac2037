using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using Synth.Grains.Audit;
using Synth.Grains.Models;
using Synth.Grains.Observability;
using Synth.Grains.Privacy;
using Synth.Storage;

namespace Synth.Grains.Jobs;

/// <summary>
/// A job of any kind (generate, fit, sample). Silos pull its shards (<see cref="ClaimShardAsync"/>), report progress every few
/// hundred milliseconds and complete or fail them; the grain keeps the books (<see cref="ShardBook"/>), takes back shards
/// whose silo died or went silent, retries failed ones with backoff, publishes the output
/// (manifest last) and its progress events (<see cref="JobProgressLog"/>). A reminder brings it back after a failover.
/// A fit job also keeps its budget grant honest: it refunds the grant (once) when the fit ends
/// before touching the data, never after, never retries a fit that touched it, and tells the
/// model how the fit ended.
/// </summary>
internal sealed partial class JobGrain(
    [PersistentState("job", SynthStorage.Name)] IPersistentState<JobState> state,
    IArtifactStore artifacts,
    IClusterMembershipService membership,
    IAuditLog audit,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    /// <summary>How often progress is published (at most), and lost claims looked for.</summary>
    internal static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait of one <see cref="ReadProgressAsync"/> call (well inside Orleans' response timeout).</summary>
    internal static readonly TimeSpan MaxProgressWait = TimeSpan.FromSeconds(10);

    /// <summary>Sequence numbers reserved per state write, so progress events cost a write only now and then.</summary>
    private const long SequenceBlock = 256;

    private static readonly ShardStage FitDone = new("done", 1, "the model is stored and ready to sample");

    /// <summary>The reminder's period: what brings the job back after its silo died, if nothing else calls it first.</summary>
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMinutes(1);

    private ShardBook? _book;
    private JobProgressLog _log = new(0);
    private ShardStage? _stage;
    private readonly RateMeter _rate = new();
    private IGrainTimer? _ticker;
    private JobProgress? _published;
    private JobStatus? _publishedStatus;
    private DateTimeOffset _publishedAt;

    private string Key => this.GetPrimaryKeyString();

    private JobState State => state.State;

    // A new activation (after a failover) has not heard from running claims: they count as silent from now.
    private ShardBook Book => _book ??= new ShardBook(State.Shards, DateTimeOffset.UtcNow);

    private IJobIndexGrain Index => GrainFactory.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Numbers handed out by an earlier activation are never given again.
        _log = new JobProgressLog(State.ProgressReserved);
        if (State.FinalProgress is { } final) _log.Restore(final);
        if (State.Spec is not null && !State.Status.IsFinal())
        {
            StartTicking();
            await PublishProgressAsync(force: true);
        }
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
        state.State = new JobState
        {
            Spec = spec,
            Status = JobStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
            Shards = [.. plans.Select(p => new ShardState { Plan = p })],
            ProgressReserved = _log.LastSequence,
            TraceParent = SynthTracing.CurrentParent(),
        };
        _book = null;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(SynthStorage.JobWatchdog, WatchdogPeriod, WatchdogPeriod);
        await Index.RecordAsync(Listing());
        await PublishProgressAsync(force: true);
        await Index.AnnounceAsync(Key);
        StartTicking();
        LogSubmitted(logger, Key, TotalRows(), spec.Format, State.Shards.Count);
        return Info();
    }

    public Task<JobInfo?> GetAsync() => Task.FromResult(State.Spec is null ? null : Info());

    public async Task<JobInfo> CancelAsync()
    {
        RequireJob();
        if (State.Status == JobStatus.Succeeded) throw new JobConflictException($"job {Key} has already succeeded; delete it to remove its output");
        if (State.Status.IsFinal()) return Info();
        await FinishAsync(JobStatus.Cancelled, error: null);
        LogCancelled(logger, Key);
        return Info();
    }

    public async Task<bool> DeleteAsync()
    {
        if (State.Spec is null) return false;
        if (!State.Status.IsFinal()) await FinishAsync(JobStatus.Cancelled, error: null);
        await artifacts.DeletePrefixAsync(JobKeys.Prefix(Key));
        await Index.RemoveAsync(Key);
        if (await this.GetReminder(SynthStorage.JobWatchdog) is { } reminder) await this.UnregisterReminder(reminder);
        await state.ClearStateAsync();
        _book = null;
        // Readers waiting for the next event learn that there is none (their SSE streams end).
        _log.WakeAll();
        DeactivateOnIdle();
        return true;
    }

    public async Task<JobProgressPage> ReadProgressAsync(long afterSequence, TimeSpan wait)
    {
        var events = _log.After(afterSequence);
        if (events.Count > 0 || State.Spec is null) return new JobProgressPage(events, State.Spec is null);
        if (State.Status.IsFinal()) return new JobProgressPage([], Ended: true);
        var next = _log.Next;
        try
        {
            await next.WaitAsync(wait < MaxProgressWait ? wait : MaxProgressWait);
        }
        catch (TimeoutException)
        {
        }
        events = _log.After(afterSequence);
        return new JobProgressPage(events, State.Spec is null || (events.Count == 0 && State.Status.IsFinal()));
    }

    public async Task<ShardAssignment?> ClaimShardAsync(ShardClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (State.Spec is not { } spec || State.Status.IsFinal()) return null;
        if (!spec.RequiredTags.All(t => claim.Tags.Contains(t, StringComparer.Ordinal))) return null;
        var now = DateTimeOffset.UtcNow;
        if (Book.Claim(claim, now) is not { } shard) return null;
        var starting = State.Status == JobStatus.Queued;
        if (starting)
        {
            State.Status = JobStatus.Running;
            State.StartedAt = now;
        }
        await state.WriteStateAsync();
        if (starting) await Index.RecordAsync(Listing());
        return new ShardAssignment(Key, shard.Plan.Index, shard.Attempt, spec, shard.Plan, State.TraceParent);
    }

    public Task<bool> ReportShardAsync(int shard, int attempt, long rowsDone, ShardStage? stage = null)
    {
        if (State.Status.IsFinal() || !Book.Report(shard, attempt, rowsDone, DateTimeOffset.UtcNow)) return Task.FromResult(false);
        if (stage is not null) _stage = stage;
        return Task.FromResult(true);
    }

    public async Task<bool> MarkDataTouchedAsync(int shard, int attempt)
    {
        if (State.Status.IsFinal() || !Book.Touch(shard, attempt, DateTimeOffset.UtcNow)) return false;
        if (State.DataTouched) return true;
        State.DataTouched = true;
        await state.WriteStateAsync();
        LogDataTouched(logger, Key);
        return true;
    }

    public async Task CompleteShardAsync(int shard, int attempt, long bytes)
    {
        if (State.Spec is null || State.Status.IsFinal())
        {
            // A run that finished after the job ended: its part is not wanted, unless the job succeeded (then it holds the same bytes, written by the same key).
            if (State.Spec is null || State.Status is JobStatus.Cancelled or JobStatus.Failed) await DeleteShardArtifactsAsync(shard);
            return;
        }
        if (Book.Complete(shard, attempt, bytes) != ShardCompletion.Completed) return; // a retry, or a run whose claim was taken back (the new run writes the same key)
        if (Book.AllDone)
        {
            State.ShardsDoneAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
            await PublishFilesAsync();
            return;
        }
        await state.WriteStateAsync();
    }

    public async Task FailShardAsync(int shard, int attempt, string error, bool retry)
    {
        if (State.Status.IsFinal()) return;
        var failures = Book.Running(shard, attempt)?.Failures + 1;
        var outcome = Book.Fail(shard, attempt, error, retry, DateTimeOffset.UtcNow);
        if (outcome == ShardFailure.Stale) return;
        LogShardFailed(logger, Key, shard, attempt, error);
        if (State.DataTouched)
        {
            // Running the fit again would measure the data again: a second spend nobody granted.
            await FinishAsync(JobStatus.Failed, $"the fit failed after reading the data, so it is not retried and its budget is spent; error: {error}");
            return;
        }
        switch (outcome)
        {
            case ShardFailure.NotRetryable:
                await FinishAsync(JobStatus.Failed, $"shard {shard} failed on the job's input, which a retry would not change: {error}");
                return;
            case ShardFailure.Exhausted:
                await FinishAsync(JobStatus.Failed, $"shard {shard} failed {failures} times; last error: {error}");
                return;
            default:
                await state.WriteStateAsync();
                return;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Spec is null || State.Status.IsFinal())
        {
            // Ended: a last sweep for parts written by runs that finished after the end, then rest
            // (a fit's outcome is retried until the model and the budget have it).
            if (State.Spec is not null && State.Status is JobStatus.Cancelled or JobStatus.Failed) await DeleteArtifactsAsync();
            if (!await DeliverFitOutcomeAsync()) return;
            if (await this.GetReminder(reminderName) is { } reminder) await this.UnregisterReminder(reminder);
            return;
        }
        StartTicking();
    }

    // ---- the tick: progress, lost claims, retries ---------------------------------------------

    private void StartTicking() =>
        _ticker ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { KeepAlive = true });

    private void StopTicking()
    {
        _ticker?.Dispose();
        _ticker = null;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (State.Spec is null || State.Status.IsFinal())
        {
            StopTicking();
            return;
        }
        if (Book.AllDone)
        {
            // Publishing failed, or this activation took over from one that died while publishing: again.
            await PublishFilesAsync();
            return;
        }
        await TakeBackLostClaimsAsync();
        if (State.Status.IsFinal()) return;
        if (Book.AnyBackoffOver(DateTimeOffset.UtcNow)) await Index.AnnounceAsync(Key);
        await PublishProgressAsync(force: false);
    }

    /// <summary>Claims held by dead silos (as Orleans' membership sees them), or silent too long, go back to the queue (not counted as failures).</summary>
    private async Task TakeBackLostClaimsAsync()
    {
        var snapshot = membership.CurrentSnapshot;
        var lost = Book.TakeBackLost(silo => IsActive(snapshot, silo), DateTimeOffset.UtcNow);
        if (lost.Count == 0) return;
        if (State.DataTouched)
        {
            await FinishAsync(JobStatus.Failed, $"the silo running the fit ({lost[0].Silo}) died or went silent after reading the data; the fit is not retried (it would spend the budget twice)");
            return;
        }
        foreach (var shard in lost)
        {
            LogClaimTakenBack(logger, Key, shard.Plan.Index, shard.Silo!);
            Book.Requeue(shard, notBefore: null);
        }
        await state.WriteStateAsync();
        await Index.AnnounceAsync(Key);
    }

    private static bool IsActive(ClusterMembershipSnapshot snapshot, string silo)
    {
        try
        {
            return snapshot.GetSiloStatus(SiloAddress.FromParsableString(silo)) == SiloStatus.Active;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // ---- publishing -----------------------------------------------------------------------

    /// <summary>Every shard is done: write each file's header and footer, then its manifest (what makes it downloadable), then succeed.</summary>
    private async Task PublishFilesAsync()
    {
        var spec = State.Spec!;
        IReadOnlyList<JobFile> files;
        switch (spec.Kind)
        {
            case JobKind.Fit:
                var (result, model) = await FitPublisher.PublishAsync(artifacts, Key, spec.Fit!, CancellationToken.None);
                State.FitResult = result;
                files = [model];
                break;
            case JobKind.Sample:
                files = [await SampleFilePublisher.PublishAsync(artifacts, Key, spec, State.Shards, CancellationToken.None)];
                break;
            default:
                files = await JobFilePublisher.PublishAsync(artifacts, Key, spec, JobRecipe.From(spec), State.Shards.Select(s => s.Plan).ToList(), CancellationToken.None);
                break;
        }
        State.Files = [.. files];
        await FinishAsync(JobStatus.Succeeded, error: null);
        LogSucceeded(logger, Key, files.Sum(f => f.Length));
    }

    /// <summary>Ends the job: running claims stop at their next report; a job that did not succeed leaves no artifact behind.</summary>
    private async Task FinishAsync(JobStatus status, string? error)
    {
        State.Status = status;
        State.Error = error;
        State.FinishedAt = DateTimeOffset.UtcNow;
        SynthMetrics.JobDuration.Record((State.FinishedAt.Value - State.CreatedAt).TotalSeconds, new("kind", KindTag(State.Spec!.Kind)), new("status", StatusTag(status)));
        Book.RequeueRunning();
        // The final event is numbered and kept in the state with the final status, in one write.
        var final = _log.Append(Event());
        State.FinalProgress = final;
        State.ProgressReserved = Math.Max(State.ProgressReserved, final.Sequence);
        (_published, _publishedStatus, _publishedAt) = (final.Event.Progress, status, final.Event.At);
        await state.WriteStateAsync();
        if (status != JobStatus.Succeeded) await DeleteArtifactsAsync();
        await Index.RecordAsync(Listing());
        StopTicking();
        await DeliverFitOutcomeAsync();
        await RecordEndAsync(status, error);
    }

    /// <summary>
    /// The cluster ends a job by itself (cancelling is a request, recorded by the API). Recorded last,
    /// once the job's books are done: an audit log that cannot keep the event has already put it in
    /// the error log, and failing this turn would only leave the job half-finished.
    /// </summary>
    private async Task RecordEndAsync(JobStatus status, string? error)
    {
        if (status is not (JobStatus.Succeeded or JobStatus.Failed)) return;
        var spec = State.Spec!;
        try
        {
            await audit.RecordAsync(AuditEvent.Create("system", null, status == JobStatus.Succeeded ? AuditActions.JobSucceeded : AuditActions.JobFailed,
                $"job:{Key}", status == JobStatus.Succeeded ? AuditEvent.Ok : AuditEvent.Failed, null,
                $"{KindTag(spec.Kind)} job of {spec.Owner ?? "anonymous"}" + (error is null ? "" : $": {error}")));
        }
        catch (AuditUnavailableException)
        {
        }
    }

    private async Task DeleteArtifactsAsync()
    {
        foreach (var prefix in JobKeys.Prefixes(Key, State.Spec!)) await artifacts.DeletePrefixAsync(prefix);
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
                await GrainFactory.GetGrain<IPrivacyBudgetGrain>(fit.DatasetId).RefundAsync(spend, reason);
                LogRefunded(logger, Key, fit.Rho);
            }
            await GrainFactory.GetGrain<IModelGrain>(fit.ModelId).FitFinishedAsync(new FitOutcome(State.Status, State.Error, State.FitResult, State.FinishedAt ?? DateTimeOffset.UtcNow));
            State.OutcomeDelivered = true;
            await state.WriteStateAsync();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not InconsistentStateException)
        {
            LogOutcomeNotDelivered(logger, e, Key);
            return false;
        }
    }

    private async Task DeleteShardArtifactsAsync(int shard)
    {
        await artifacts.DeleteAsync(JobKeys.ShardPart(Key, shard));
        await artifacts.DeleteAsync(JobKeys.ShardSummary(Key, shard));
    }

    /// <summary>Numbers and keeps a progress event when something changed: on every status change, else at most once per tick.</summary>
    private async Task PublishProgressAsync(bool force)
    {
        var progress = Progress();
        var now = DateTimeOffset.UtcNow;
        if (!force && progress == _published && State.Status == _publishedStatus) return;
        if (!force && now - _publishedAt < TickPeriod * 0.8) return;
        if (_log.LastSequence + 1 > State.ProgressReserved)
        {
            // Reserve the next block before handing out a number of it: a later activation starts above it.
            State.ProgressReserved = _log.LastSequence + SequenceBlock;
            await state.WriteStateAsync();
        }
        var entry = _log.Append(new JobProgressEvent(Key, State.Status, progress, State.Error, now));
        (_published, _publishedStatus, _publishedAt) = (progress, State.Status, entry.Event.At);
    }

    // ---- views ----------------------------------------------------------------------------

    private JobProgressEvent Event() => new(Key, State.Status, Progress(), State.Error, DateTimeOffset.UtcNow);

    private JobProgress Progress()
    {
        var spec = State.Spec!;
        var counts = Book.Count();
        var total = TotalRows();
        var done = State.Status == JobStatus.Succeeded ? total : counts.RowsDone;
        var failed = State.Status == JobStatus.Failed ? counts.Exhausted : 0;
        var rate = State.Status switch
        {
            JobStatus.Running => _rate.Update(DateTimeOffset.UtcNow, done),
            // Finished: the job's average, start to publish.
            JobStatus.Succeeded when State.StartedAt is { } from && State.FinishedAt is { } to && to > from => total / (to - from).TotalSeconds,
            _ => 0,
        };
        double? eta = State.Status switch
        {
            JobStatus.Running when rate > 0 => Math.Round((total - done) / rate, 1),
            JobStatus.Succeeded => 0,
            _ => null,
        };
        // A fit's stages are reported in memory only; a finished fit (perhaps shorter than a report period, or read after a failover) says it is done.
        var stage = spec.Kind == JobKind.Fit && State.Status == JobStatus.Succeeded ? FitDone : _stage;
        return new JobProgress(done, total, Math.Round(rate), eta, counts.Queued, counts.Running, counts.Done, failed, stage?.Stage, stage?.Fraction, stage?.Message);
    }

    /// <summary>Rows the job writes: its shards' (over every table of a multi-table schema; the spec's rows otherwise).</summary>
    private long TotalRows() => State.Shards.Sum(s => s.Plan.RowCount);

    private JobInfo Info() =>
        new(Key, State.Status, JobSpecSummary.Of(State.Spec!), State.CreatedAt, State.StartedAt, State.FinishedAt, Progress(), State.Error, State.Files, State.ShardsDoneAt);

    private JobListing Listing()
    {
        var spec = State.Spec!;
        return new JobListing(Key, State.Status, spec.Name, spec.Format, TotalRows(), spec.RequiredTags, spec.Owner, State.CreatedAt, State.FinishedAt, spec.Kind);
    }

    internal static string KindTag(JobKind kind) => kind switch { JobKind.Fit => "fit", JobKind.Sample => "sample", _ => "generate" };

    private static string StatusTag(JobStatus status) => status switch { JobStatus.Succeeded => "succeeded", JobStatus.Failed => "failed", _ => "cancelled" };

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
