using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Synth.Grains.Observability;
using Synth.Storage;

namespace Synth.Grains.Jobs;

/// <summary>
/// A silo's shard runner. It pulls work rather than being assigned it: when a slot is free it
/// looks at the active jobs (oldest first) and claims a shard from one whose tags this silo has;
/// it wakes when a job announces shards (a long poll on the job index), or every <see cref="ShardWorkerOptions.PollPeriod"/>.
/// What a shard does depends on its job's kind (<see cref="GenerateShardRunner"/>,
/// <see cref="FitShardRunner"/>, <see cref="SampleShardRunner"/>); every runner commits its output
/// to the artifact store only when complete, so a stopped or failed run leaves nothing behind.
/// </summary>
internal sealed partial class ShardWorker(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IArtifactStore artifacts,
    IOptions<ShardWorkerOptions> options,
    ILogger<ShardWorker> logger) : BackgroundService
{
    private readonly ShardWorkerOptions _options = options.Value;
    private readonly IReadOnlyList<string> _tags = options.Value.SiloTags;
    private static readonly IShardRunner GenerateRunner = new GenerateShardRunner();
    private readonly IShardRunner _fitRunner = new FitShardRunner(logger);
    private static readonly IShardRunner SampleRunner = new SampleShardRunner();

    private IGrainFactory Grains => grains;

    private string SiloId => silo.SiloAddress.ToParsableString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A slot is busy while its shard generates; committing it (fsync, last block upload) and
        // reporting it overlap with the next shard, at most one more per slot.
        var slots = Math.Max(1, _options.Slots);
        var runs = new List<(Task Generated, Task Finished)>();
        var index = Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);
        long seen = -1;
        Task<long>? announcement = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            runs.RemoveAll(r => r.Finished.IsCompleted);
            while (runs.Count(r => !r.Generated.IsCompleted) < slots && runs.Count < 2 * slots)
            {
                var assignment = await TryClaimAsync(stoppingToken);
                if (assignment is null) break;
                var generated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                runs.Add((generated.Task, Task.Run(() => RunAsync(assignment, generated, stoppingToken), CancellationToken.None)));
            }
            // Wake on an announcement (jobs with shards waiting), a freed slot, or after the poll period.
            announcement ??= index.WaitForWorkAsync(seen, _options.PollPeriod);
            var poll = Task.Delay(_options.PollPeriod + TimeSpan.FromSeconds(1), stoppingToken);
            try
            {
                await Task.WhenAny([announcement, poll, .. runs.Select(r => r.Generated.IsCompleted ? r.Finished : r.Generated)]);
            }
            catch (OperationCanceledException)
            {
            }
            if (announcement.IsCompleted)
            {
                if (announcement.IsCompletedSuccessfully) seen = announcement.Result;
                else
                {
                    LogClaimFailed(logger, announcement.Exception!.GetBaseException());
                    await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                }
                announcement = null;
            }
        }
        await Task.WhenAll(runs.Select(r => r.Finished));
    }

    private async Task<ShardAssignment?> TryClaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            var jobs = await Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).GetActiveAsync();
            foreach (var job in jobs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!job.RequiredTags.All(t => _tags.Contains(t, StringComparer.Ordinal))) continue;
                // A new request id per attempt to claim; a retried call would get the same shard back.
                var assignment = await Grains.GetGrain<IJobGrain>(job.Id).ClaimShardAsync(new ShardClaim(SiloId, _tags, Guid.NewGuid()));
                if (assignment is not null) return assignment;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next poll tries again; a claim that did happen is taken back if never reported.
            LogClaimFailed(logger, e);
        }
        return null;
    }

    /// <param name="generated">Completed once the rows are generated (or the run ended), freeing the slot.</param>
    private async Task RunAsync(ShardAssignment assignment, TaskCompletionSource generated, CancellationToken stoppingToken)
    {
        var job = Grains.GetGrain<IJobGrain>(assignment.JobId);
        var (shard, attempt) = (assignment.Shard, assignment.Attempt);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        long rowsDone = 0;
        ShardStage? stage = null;
        var reporting = ReportAsync(job, shard, attempt, () => Interlocked.Read(ref rowsDone), () => Volatile.Read(ref stage), stop);
        var run = new ShardRun(assignment, job, artifacts, _options.Threads,
            rows => Interlocked.Exchange(ref rowsDone, rows), s => Volatile.Write(ref stage, s), generated, stop);
        // The shard's span joins the trace that submitted the job (API → grain → shard).
        using var span = SynthTracing.StartUnder("synth.shard", assignment.TraceParent);
        span?.SetTag("synth.job", assignment.JobId);
        span?.SetTag("synth.shard", shard);
        try
        {
            LogStarted(logger, assignment.JobId, shard, assignment.Attempt, assignment.Plan.RowCount);
            var bytes = await RunnerFor(assignment.Spec.Kind).RunAsync(run, stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
            await job.CompleteShardAsync(shard, attempt, bytes).ConfigureAwait(false);
            SynthMetrics.RowsGenerated.Add(assignment.Plan.RowCount, new KeyValuePair<string, object?>("kind", JobGrain.KindTag(assignment.Spec.Kind)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled, taken back, or this silo is stopping: the upload was never committed.
            LogStopped(logger, assignment.JobId, shard);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, assignment.JobId, shard);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            try
            {
                await job.FailShardAsync(shard, attempt, $"{e.GetType().Name}: {e.Message}", retry: e is not JobInputException).ConfigureAwait(false);
            }
            catch (Exception report) when (report is not OperationCanceledException)
            {
                // The job takes the claim back when it stops hearing from it.
                LogClaimFailed(logger, report);
            }
        }
        finally
        {
            generated.TrySetResult();
            await stop.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
        }
    }

    private IShardRunner RunnerFor(JobKind kind) => kind switch
    {
        JobKind.Fit => _fitRunner,
        JobKind.Sample => SampleRunner,
        _ => GenerateRunner,
    };

    /// <summary>Reports rows done (and the stage) every ReportPeriod; stops the shard when the job says so (cancelled, or the claim was taken back).</summary>
    private async Task ReportAsync(IJobGrain job, int shard, int attempt, Func<long> rowsDone, Func<ShardStage?> stage, CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(_options.ReportPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                bool keepGoing;
                try
                {
                    keepGoing = await job.ReportShardAsync(shard, attempt, rowsDone(), stage()).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed report is harmless; the next one follows shortly.
                    LogClaimFailed(logger, e);
                    continue;
                }
                if (!keepGoing)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: shard {Shard} started (attempt {Attempt}, {Rows} rows)")]
    private static partial void LogStarted(ILogger logger, string job, int shard, int attempt, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: shard {Shard} stopped before the end (cancelled, taken back, or shutdown)")]
    private static partial void LogStopped(ILogger logger, string job, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: shard {Shard} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a call to a job grain failed; will retry")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}
