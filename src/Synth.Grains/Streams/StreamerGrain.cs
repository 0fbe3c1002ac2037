using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using Orleans.Storage;
using Synth.Grains.Audit;
using Synth.Grains.Placement;
using Synth.Storage;
using Synth.Storage.Sinks;

namespace Synth.Grains.Streams;

/// <summary>
/// A stream as a grain. A timer wakes when the next batch is due: the records due by then (at the
/// rate, counted from an anchor set at start, resume, rate change and activation) are made once per
/// format and handed to every sink, in lockstep: a batch goes on only when every sink took it, so a sink
/// that is down holds the stream back (it reports how far behind it is, backs off, and turns degraded
/// after <see cref="SinkRun.DegradedAfter"/> failures in a row) instead of piling records up in memory.
/// Each sink's acknowledged position is the checkpoint; after a failover every sink resumes from its
/// own, and the records made again are identical (a record is a pure function of the definition and its
/// number), so a sink sees no gap and duplicates only of what it had not acknowledged. A reminder, and
/// the silos' <see cref="StreamKeeper"/>, bring the grain back when its silo is gone.
/// </summary>
internal sealed partial class StreamerGrain(
    [PersistentState("stream", SynthStorage.Name)] IPersistentState<StreamState> state,
    IArtifactStore artifacts,
    ISiloTagDirectory siloTags,
    IAuditLog audit,
    ILogger<StreamerGrain> logger) : Grain, IStreamerGrain, IRemindable
{
    /// <summary>With a rate, the timer is set for the moment the next batch is due, but wakes at least this often (to close files by age).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(2);

    /// <summary>A failing sink is tried again after 0.5 s, doubling up to this.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>A tick makes batches for at most this long (then the next tick goes on), so that commands are answered at once whatever the rate and the schema's width.</summary>
    private static readonly TimeSpan MaxTick = TimeSpan.FromMilliseconds(100);

    private const string KeepAlive = "stream-keepalive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    // The encoders ask for large spans (tens of KiB) however little they write: they write into this
    // scratch of the thread, and the bytes made are copied into a pooled array that lives for the batch.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    private readonly StreamSinkFactory _sinkFactory = new(artifacts);
    private readonly Dictionary<string, StreamRecords> _records = [];
    // A stream flat out makes its batches in runs, on every core, two per format: the run being
    // delivered, and the next one, made meanwhile.
    private readonly Dictionary<string, FlatOutBatches[]> _runs = [];
    private readonly List<string> _runFormats = new(2);
    private int _runSide;
    // The batch being delivered, once per format (kept between ticks so that a tick allocates nothing for it).
    private readonly List<(string Format, byte[] Array, int Length)> _encoded = new(2);
    private readonly List<SinkRun> _sinks = [];
    private IGrainTimer? _timer;
    private long _anchorSequence;
    private long _anchorTimestamp;
    private long _retryAt;
    private readonly LatencyWindow _lateness = new();

    private string Key => this.GetPrimaryKeyString();

    private StreamState State => state.State;

    private bool Running => State.Status is StreamStatus.Running or StreamStatus.Degraded;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Spec is null) return Task.CompletedTask;
        foreach (var sink in State.Sinks) AddSink(sink, State.Acked.GetValueOrDefault(sink.SinkName(), State.Emitted));
        if (Running) Begin();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful move (a silo stopping): what the sinks hold is made durable, so the next activation continues after it.
        if (reason.ReasonCode != DeactivationReasonCode.ApplicationError) await FlushSinksAsync();
        foreach (var run in _sinks) await DisposeQuietlyAsync(run);
    }

    public async Task<StreamInfo> StartAsync(StreamSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (State.Spec is not null)
        {
            if (State.Spec.SameAs(spec)) return Info();
            throw new StreamConflictException($"stream {Key} exists already with another definition");
        }
        StreamDefinition.Compile(spec);
        // Record 0 is due at creation: the writes below do not push the schedule back.
        var created = Stopwatch.GetTimestamp();
        var sinks = spec.SinksOrDefault().ToList();
        state.State = new StreamState
        {
            Spec = spec,
            Status = StreamStatus.Running,
            Rate = spec.Rate,
            CreatedAt = DateTimeOffset.UtcNow,
            Sinks = sinks,
            Acked = sinks.ToDictionary(s => s.SinkName(), _ => 0L),
        };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepAlive, KeepAlivePeriod, KeepAlivePeriod);
        await GrainFactory.GetGrain<IStreamIndexGrain>(StreamIndex.ShardOf(Key)).AddAsync(Key, spec.Owner);
        foreach (var sink in sinks) AddSink(sink, 0);
        Begin();
        _anchorTimestamp = created;
        return Info();
    }

    public Task<StreamInfo?> GetAsync() => Task.FromResult(State.Spec is null ? null : Info());

    public async Task<StreamInfo> PauseAsync()
    {
        Require();
        if (State.Status == StreamStatus.Paused) return Info();
        if (State.Status == StreamStatus.Stopped) throw new StreamConflictException($"stream {Key} is stopped; it cannot be paused");
        await HaltAsync();
        State.Status = StreamStatus.Paused;
        await state.WriteStateAsync();
        return Info();
    }

    public async Task<StreamInfo> ResumeAsync()
    {
        Require();
        if (Running) return Info();
        if (State.Status == StreamStatus.Stopped) throw new StreamConflictException($"stream {Key} is stopped; start a new one");
        State.Status = StreamStatus.Running;
        await state.WriteStateAsync();
        Begin();
        return Info();
    }

    public async Task<StreamInfo> StopAsync()
    {
        Require();
        if (State.Status == StreamStatus.Stopped) return Info();
        await HaltAsync();
        await FinishAsync();
        return Info();
    }

    public async Task<StreamInfo> UpdateAsync(StreamUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Require();
        if (State.Status == StreamStatus.Stopped) throw new StreamConflictException($"stream {Key} is stopped");
        // Everything is checked before anything changes: a refused update changes nothing.
        if (update.ChangesRate && StreamDefinition.RateProblem(update.Rate) is { } rateProblem) throw new ArgumentException(rateProblem);
        if (update.DriftPlanText is { } plan) StreamDefinition.CheckPlan(State.Spec!, plan);
        if (update.Sinks is { } sinks) CheckSinks(sinks);

        if (update.ChangesRate) State.Rate = update.Rate;
        if (update.DriftPlanText is { } text)
        {
            // The new plan rules from the next record not made yet, so every record made so far stays as it was made.
            var from = Math.Max(Made, State.PlanChanges.LastOrDefault()?.From ?? 0);
            State.PlanChanges.Add(new PlanChange(from, text.Length == 0 ? null : text));
            _records.Clear();
            _runs.Clear();
        }
        if (update.Sinks is { } newSinks) await ReplaceSinksAsync(newSinks);
        await state.WriteStateAsync();
        Anchor();
        return Info();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // being active is the point: OnActivateAsync resumes

    /// <summary>New sinks are checked as the stream's own would be (each sink's settings, and key fields against the records' columns).</summary>
    private void CheckSinks(IReadOnlyList<SinkSpec> sinks)
    {
        if (sinks.Count == 0) throw new ArgumentException("sinks: a stream needs at least one sink");
        StreamDefinition.Compile(State.Spec! with { Sinks = sinks });
    }

    /// <summary>Sinks kept by name (and unchanged) keep going; a changed one resumes at its checkpoint; a new one starts at the next record.</summary>
    private async Task ReplaceSinksAsync(IReadOnlyList<SinkSpec> sinks)
    {
        var next = Made;
        var old = _sinks.ToDictionary(s => s.Spec.SinkName());
        await FlushSinksAsync();
        _sinks.Clear();
        var acked = new Dictionary<string, long>();
        foreach (var sink in sinks)
        {
            if (old.Remove(sink.SinkName(), out var kept) && kept.Spec == sink)
            {
                _sinks.Add(kept);
                acked[sink.SinkName()] = kept.Sink.Acked;
                continue;
            }
            if (kept is not null) await DisposeQuietlyAsync(kept);
            var from = State.Acked.TryGetValue(sink.SinkName(), out var checkpoint) && kept is not null ? checkpoint : next;
            AddSink(sink, from);
            acked[sink.SinkName()] = from;
        }
        foreach (var removed in old.Values) await DisposeQuietlyAsync(removed);
        State.Sinks = [.. sinks];
        State.Acked = acked;
        State.Emitted = acked.Values.Min();
    }

    private void AddSink(SinkSpec sink, long from) =>
        _sinks.Add(new SinkRun(sink, _sinkFactory.Create(Key, State.Spec!, sink, Records(State.Spec!.Format), from)));

    private StreamRecords Records(string format)
    {
        if (!_records.TryGetValue(format, out var records))
        {
            _records[format] = records = NewRecords(format);
        }
        return records;
    }

    /// <summary>A writer of the stream's records in <paramref name="format"/> (one per thread that makes them).</summary>
    private StreamRecords NewRecords(string format) =>
        StreamDefinition.Records(State.Spec!, State.PlanChanges, format, Math.Min(State.Spec!.BatchSize, 16_384));

    private void Begin()
    {
        Anchor();
        _retryAt = 0;
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, MaxWait) { KeepAlive = true });
    }

    /// <summary>The rate counts from here: the next record not made yet is due now.</summary>
    private void Anchor() => (_anchorSequence, _anchorTimestamp) = (Next, Stopwatch.GetTimestamp());

    /// <summary>The first record some sink still needs: the next batch starts here.</summary>
    private long Next
    {
        get
        {
            // A loop, not LINQ: this runs several times per tick of every stream.
            var next = long.MaxValue;
            foreach (var run in _sinks) next = Math.Min(next, run.Sink.Position);
            return _sinks.Count == 0 ? State.Emitted : next;
        }
    }

    /// <summary>The next record not made yet (the sink furthest on).</summary>
    private long Made
    {
        get
        {
            var made = State.Emitted;
            foreach (var run in _sinks) made = Math.Max(made, run.Sink.Position);
            return made;
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!Running) return;
        if (Stopwatch.GetTimestamp() < _retryAt)
        {
            _timer?.Change(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _retryAt), MaxWait);
            return;
        }
        var spec = State.Spec!;
        if (!await OnRightSiloAsync()) return;
        if (spec.StopAt is { } stopAt && DateTimeOffset.UtcNow >= stopAt)
        {
            await EndAsync("its stop time came");
            return;
        }
        // Before its start time a stream makes nothing, and its schedule starts then: record 0 (or the next) is due at the start.
        if (spec.StartAt is { } startAt && startAt - DateTimeOffset.UtcNow is { Ticks: > 0 } untilStart)
        {
            (_anchorSequence, _anchorTimestamp) = (Next, Stopwatch.GetTimestamp() + (long)(untilStart.TotalSeconds * Stopwatch.Frequency));
            _timer?.Change(untilStart < MaxWait ? untilStart : MaxWait, MaxWait);
            return;
        }
        var limit = spec.Limit ?? long.MaxValue;
        var start = Next;
        var due = State.Rate is { } rate ? DueAt(rate) : limit;
        var tickEnds = Stopwatch.GetTimestamp() + (long)(MaxTick.TotalSeconds * Stopwatch.Frequency);
        var made = false;
        SinkRun? failed = null;
        while (failed is null && (start = Next) < due && (!made || Stopwatch.GetTimestamp() < tickEnds))
        {
            // Flat out, with every sink at the same record, batches are made in runs on every core; otherwise one by one.
            var inRuns = State.Rate is null && Environment.ProcessorCount > 1 && start == Made;
            var length = inRuns ? FlatOutBatches.RunLength(spec.BatchSize) : spec.BatchSize;
            var n = (int)Math.Min(BatchEnd(start, Math.Min(due, start + length)) - start, int.MaxValue);
            failed = inRuns ? await DeliverRunAsync(start, n, cancellationToken) : await DeliverAsync(start, n, cancellationToken);
            made = true;
        }
        if (made && failed is null && State.Rate is { } r)
        {
            // How late the last record made was against its schedule.
            var lateSeconds = Stopwatch.GetElapsedTime(_anchorTimestamp).TotalSeconds - (Next - 1 - _anchorSequence) / r;
            _lateness.Add(lateSeconds * 1000);
            Observability.SynthMetrics.StreamLateness.Record(Math.Max(0, lateSeconds));
        }
        foreach (var run in _sinks)
        {
            if (failed is not null) break;
            try
            {
                await run.Sink.TickAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run.Failed(e);
                failed = run;
            }
        }
        await CheckpointAsync();
        if (failed is null && Next >= limit)
        {
            await EndAsync("its record limit was reached");
            return;
        }
        _timer?.Change(failed is null ? UntilNextBatch() : Backoff(failed), MaxWait);
    }

    /// <summary>
    /// Whether this silo has the stream's required tags. If not, the stream moves to a live silo that
    /// has them (it migrates when idle: the sinks are flushed on the way out), or, while none is live,
    /// waits degraded with the cause (and moves as soon as one joins).
    /// </summary>
    private async Task<bool> OnRightSiloAsync()
    {
        if (State.Spec!.RequiredTags is not { Count: > 0 } required || siloTags.LocalSiloHas(required)) return true;
        var candidates = siloTags.LiveSilosWith(required);
        if (candidates.Count > 0)
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, candidates[Random.Shared.Next(candidates.Count)]);
            this.MigrateOnIdle();
            return false;
        }
        var cause = $"no live silo has the tags {string.Join(", ", siloTags.MissingTags(required))}: the stream waits for one";
        if (State.Status != StreamStatus.Degraded || State.Error != cause)
        {
            (State.Status, State.Error) = (StreamStatus.Degraded, cause);
            await state.WriteStateAsync();
        }
        Anchor();
        return false;
    }

    /// <summary>Where the batch from <paramref name="start"/> ends: at <paramref name="end"/>, or sooner where a sink can take no more or another sink is already.</summary>
    private long BatchEnd(long start, long end)
    {
        foreach (var run in _sinks)
        {
            var position = run.Sink.Position;
            // (Accepts may be long.MaxValue: compared with what is left, never added.)
            if (position == start && run.Sink.Accepts < end - start) end = start + run.Sink.Accepts;
            else if (position > start && position < end) end = position;
        }
        return end;
    }

    /// <summary>Makes records <c>[start, start + count)</c> once per format and hands them to every sink at <paramref name="start"/>; the first sink that fails stops the batch and is returned.</summary>
    private async Task<SinkRun?> DeliverAsync(long start, int count, CancellationToken cancellationToken)
    {
        _encoded.Clear();
        try
        {
            foreach (var run in _sinks)
            {
                if (run.Sink.Position != start) continue;
                var bytes = Encoded(run.Sink.Format, start, count);
                if (!await WriteAsync(run, bytes.Array.AsMemory(0, bytes.Length), count, cancellationToken)) return run;
            }
            Observability.SynthMetrics.StreamRecords.Add(count);
            return null;
        }
        finally
        {
            foreach (var (_, array, _) in _encoded) ArrayPool<byte>.Shared.Return(array);
            _encoded.Clear();
        }
    }

    /// <summary>
    /// A stream flat out, every sink at <paramref name="start"/>: records <c>[start, start + count)</c>
    /// are made at once per format, on every core, then handed to the sinks batch by batch, as
    /// <see cref="DeliverAsync"/> would have; the first sink that fails stops the run and is returned.
    /// While the sinks take this run, the next one is made on the other cores (what it would be if
    /// every sink takes this one), and the next call finds it made.
    /// </summary>
    private async Task<SinkRun?> DeliverRunAsync(long start, int count, CancellationToken cancellationToken)
    {
        var batchSize = State.Spec!.BatchSize;
        _runFormats.Clear();
        foreach (var run in _sinks)
        {
            if (!_runFormats.Contains(run.Sink.Format)) _runFormats.Add(run.Sink.Format);
        }
        var side = _runSide;
        foreach (var format in _runFormats)
        {
            var batches = Runs(format)[side];
            if (!batches.Holds(start, count, batchSize)) await batches.MakeAsync(start, count, batchSize);
        }
        _runSide = 1 - side;
        var next = NextRunLength(start + count, count);
        var makingNext = next == 0 ? Task.CompletedTask : MakeAllAsync(1 - side, start + count, next, batchSize);
        try
        {
            for (var batch = 0; batch < _runs[_runFormats[0]][side].Batches; batch++)
            {
                var n = 0;
                foreach (var run in _sinks)
                {
                    (var bytes, n) = _runs[run.Sink.Format][side].Batch(batch);
                    if (!await WriteAsync(run, bytes, n, cancellationToken)) return run;
                }
                Observability.SynthMetrics.StreamRecords.Add(n);
            }
            return null;
        }
        finally
        {
            // Nothing runs outside the grain's turn: the next run is made by the end of this one.
            await makingNext;
        }
    }

    private async Task MakeAllAsync(int side, long start, int count, int batchSize)
    {
        foreach (var format in _runFormats) await _runs[format][side].MakeAsync(start, count, batchSize);
    }

    /// <summary>The length of the run after the one that ends at <paramref name="next"/>, if every sink takes that one (<paramref name="count"/> records): 0 when there is none.</summary>
    private int NextRunLength(long next, int count)
    {
        var end = Math.Min(State.Spec!.Limit ?? long.MaxValue, next + FlatOutBatches.RunLength(State.Spec.BatchSize));
        foreach (var run in _sinks)
        {
            // A sink that can take more than this run takes the rest next; one that took all it could (a file that
            // rolls) starts afresh, with room for a run, most likely (if not, the run is made again at its true length).
            var left = run.Sink.Accepts - count;
            if (left > 0 && left < end - next) end = next + left;
        }
        return (int)Math.Max(0, end - next);
    }

    /// <summary>The two runs of batches in <paramref name="format"/>.</summary>
    private FlatOutBatches[] Runs(string format)
    {
        if (!_runs.TryGetValue(format, out var runs)) _runs[format] = runs = [new FlatOutBatches(() => NewRecords(format)), new FlatOutBatches(() => NewRecords(format))];
        return runs;
    }

    /// <summary>Hands a batch to one sink: false when it failed (logged, and counted against the sink).</summary>
    private async Task<bool> WriteAsync(SinkRun run, ReadOnlyMemory<byte> bytes, int count, CancellationToken cancellationToken)
    {
        try
        {
            await run.Sink.WriteAsync(bytes, count, cancellationToken);
            run.Succeeded();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not InconsistentStateException)
        {
            LogSinkFailed(logger, e, Key, run.Spec.SinkName());
            run.Failed(e);
            return false;
        }
    }

    /// <summary>The batch in <paramref name="format"/>: made once per batch and format.</summary>
    private (string Format, byte[] Array, int Length) Encoded(string format, long start, int count)
    {
        foreach (var made in _encoded)
        {
            if (made.Format == format) return made;
        }
        var (array, length) = Encode(format, start, count);
        _encoded.Add((format, array, length));
        return (format, array, length);
    }

    /// <summary>The records in <paramref name="format"/>, made in the thread's scratch (no await in between) and copied into a pooled array.</summary>
    private (byte[] Array, int Length) Encode(string format, long start, int count)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(1 << 16);
        scratch.ResetWrittenCount();
        Records(format).Write(start, count, scratch);
        var array = ArrayPool<byte>.Shared.Rent(scratch.WrittenCount);
        scratch.WrittenSpan.CopyTo(array);
        return (array, scratch.WrittenCount);
    }

    /// <summary>Persists what the sinks acknowledged (and the files published) when it moved, and whether the stream is degraded.</summary>
    private async Task CheckpointAsync()
    {
        var changed = false;
        foreach (var run in _sinks)
        {
            if (run.Sink is RollingFileSink { HasClosed: true } files)
            {
                foreach (var file in files.TakeClosed())
                {
                    State.Files.Add(new StreamFile(file.Key, file.First, file.Count, file.Bytes));
                    changed = true;
                }
            }
            if (State.Acked.GetValueOrDefault(run.Spec.SinkName()) != run.Sink.Acked)
            {
                State.Acked[run.Spec.SinkName()] = run.Sink.Acked;
                changed = true;
            }
        }
        var emitted = long.MaxValue;
        SinkRun? degraded = null;
        foreach (var run in _sinks)
        {
            emitted = Math.Min(emitted, run.Sink.Acked);
            if (run.Degraded) degraded ??= run;
        }
        if (_sinks.Count > 0) State.Emitted = emitted;
        if (Running)
        {
            var status = degraded is null ? StreamStatus.Running : StreamStatus.Degraded;
            var error = degraded is null ? null : Cause(degraded);
            if (status != State.Status || error != State.Error)
            {
                (State.Status, State.Error) = (status, error);
                changed = true;
            }
        }
        if (changed) await state.WriteStateAsync();
    }

    private static string Cause(SinkRun run) => $"sink '{run.Spec.SinkName()}' ({run.Spec.Kind}) failed {run.Failures} times in a row: {run.Error}";

    /// <summary>How long until the next batch is due (when its last record is due), within [<see cref="MinWait"/>, <see cref="MaxWait"/>]; flat out, none.</summary>
    private TimeSpan UntilNextBatch()
    {
        // Flat out, the next tick comes at once (a wait of even 2 ms idled the cores 2.5 % of the time): the tick's
        // time cap, not the timer, keeps commands answered, since they are queued to the grain before the tick is.
        if (State.Rate is not { } rate) return TimeSpan.Zero;
        var last = Next + State.Spec!.BatchSize - 1;
        var wait = TimeSpan.FromSeconds((last - _anchorSequence) / rate) - Stopwatch.GetElapsedTime(_anchorTimestamp);
        return wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
    }

    /// <summary>0.5 s after the first failure of a sink, doubling with each one after, up to <see cref="MaxBackoff"/>.</summary>
    private TimeSpan Backoff(SinkRun failed)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failed.Failures - 1, 16))));
        _retryAt = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        return wait < MaxWait ? wait : MaxWait;
    }

    /// <summary>Makes what every sink holds durable (a files sink closes its open file) and checkpoints.</summary>
    private async Task FlushSinksAsync()
    {
        foreach (var run in _sinks)
        {
            try
            {
                await run.Sink.FlushAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSinkFailed(logger, e, Key, run.Spec.SinkName());
                run.Failed(e);
            }
        }
        if (State.Spec is not null) await CheckpointAsync();
    }

    private async Task DisposeQuietlyAsync(SinkRun run)
    {
        try
        {
            await run.Sink.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSinkFailed(logger, e, Key, run.Spec.SinkName());
        }
    }

    /// <summary>Stops the timer and makes what the sinks hold durable.</summary>
    private async Task HaltAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await FlushSinksAsync();
    }

    /// <summary>The stream stops by itself (its owner's stop is audited by the API): halted, final, and audited as the system's doing.</summary>
    private async Task EndAsync(string why)
    {
        await HaltAsync();
        await FinishAsync();
        try
        {
            await audit.RecordAsync(AuditEvent.Create("system", null, AuditActions.StreamStopped, $"stream:{Key}", AuditEvent.Ok, null,
                $"stream of {State.Spec!.Owner ?? "anonymous"} stopped: {why} ({State.Emitted} records)"));
        }
        catch (AuditUnavailableException)
        {
            // The audit log keeps it in its error log; the stream has stopped either way.
        }
    }

    private async Task FinishAsync()
    {
        State.Status = StreamStatus.Stopped;
        State.StoppedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        if (await this.GetReminder(KeepAlive) is { } reminder) await this.UnregisterReminder(reminder);
        // The silos' keeper wakes only the streams not stopped after a silo dies.
        await GrainFactory.GetGrain<IStreamIndexGrain>(StreamIndex.ShardOf(Key)).StoppedAsync(Key);
    }

    private void Require()
    {
        if (State.Spec is null) throw new KeyNotFoundException($"no stream has id {Key}");
    }

    private StreamInfo Info() =>
        new(Key, State.Status, State.Spec! with { Sinks = State.Sinks }, State.Rate, State.Emitted, State.CreatedAt, State.StoppedAt, State.Error, [.. State.Files],
            Made, Behind(), _lateness.Percentile(0.99),
            [.. _sinks.Select(s => s.Health(State.Acked.GetValueOrDefault(s.Spec.SinkName())))], [.. State.PlanChanges]);

    private long Behind()
    {
        if (State.Rate is not { } rate || !Running || _timer is null) return 0;
        return Math.Max(0, DueAt(rate) - Next);
    }

    /// <summary>How many records are due by now at <paramref name="rate"/> (record k is due (k - anchor) / rate seconds after the anchor), up to the limit.</summary>
    private long DueAt(double rate) =>
        Math.Min(_anchorSequence + (long)Math.Floor(Stopwatch.GetElapsedTime(_anchorTimestamp).TotalSeconds * rate) + 1, State.Spec!.Limit ?? long.MaxValue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stream {Stream}: sink {Sink} failed; it is tried again from its checkpoint")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string stream, string sink);
}
