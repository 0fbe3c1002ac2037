using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Synth.Core.Schema;
using Synth.Core.Streams;
using Synth.Storage;

namespace Synth.Grains.Streams;

/// <summary>
/// A stream as a grain. A timer wakes when the next batch is due: the records due by then (at
/// the rate, counted from an anchor set at start, resume, rate change and activation) are made and
/// appended to the open file; a file is closed (published atomically) once it holds
/// <see cref="StreamSpec.RollRecords"/> records or is <see cref="StreamSpec.RollSeconds"/> old, and
/// the closed files are the checkpoint. After a failover the new activation starts again from the
/// checkpoint: the records of the lost open file are made again, identical, so there is no gap and
/// no duplicate. A reminder brings the grain back when its silo is gone.
/// </summary>
internal sealed partial class StreamerGrain(
    [PersistentState("stream", SynthStorage.Name)] IPersistentState<StreamState> state,
    IArtifactStore artifacts,
    ILogger<StreamerGrain> logger) : Grain, IStreamerGrain, IRemindable
{
    /// <summary>With a rate, the timer is set for the moment the next batch is due, but wakes at least this often (to close files by age).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(2);

    /// <summary>At most this many records per tick, so that commands are answered within a second whatever the rate.</summary>
    private const int MaxRecordsPerTick = 200_000;

    private const string KeepAlive = "stream-keepalive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private StreamRecordWriter? _writer;
    private IGrainTimer? _timer;
    // Small to start with: a slow stream holds its open file here until it rolls (10,000 streams on a silo must fit in memory).
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    // The encoders ask for large spans (tens of KiB) however little they write: they write into this
    // scratch of the thread, and only the bytes made are copied into the stream's own buffer.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;
    private bool _fileOpen;
    private IArtifactUpload? _upload;
    private long _fileFirst;
    private DateTimeOffset _fileOpenedAt;
    private long _next;
    private long _anchorSequence;
    private long _anchorTimestamp;
    private readonly LatencyWindow _lateness = new();

    private string Key => this.GetPrimaryKeyString();

    private StreamState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _next = State.Emitted;
        if (State.Spec is not null && State.Status is StreamStatus.Running or StreamStatus.Degraded) Begin();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful move (a silo stopping): publish what the open file holds, so the next activation continues after it.
        if (_fileOpen && reason.ReasonCode != DeactivationReasonCode.ApplicationError)
        {
            try
            {
                await CloseFileAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCloseFailed(logger, e, Key);
            }
        }
    }

    public async Task<StreamInfo> StartAsync(StreamSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (State.Spec is not null)
        {
            if (State.Spec == spec) return Info();
            throw new StreamConflictException($"stream {Key} exists already with another definition");
        }
        StreamDefinition.Compile(spec);
        // Record 0 is due at creation: the writes below do not push the schedule back.
        var created = Stopwatch.GetTimestamp();
        state.State = new StreamState { Spec = spec, Status = StreamStatus.Running, Rate = spec.Rate, CreatedAt = DateTimeOffset.UtcNow };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepAlive, KeepAlivePeriod, KeepAlivePeriod);
        await GrainFactory.GetGrain<IStreamIndexGrain>(StreamIndex.ShardOf(Key)).AddAsync(Key);
        _next = 0;
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
        if (State.Status is StreamStatus.Running or StreamStatus.Degraded) return Info();
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

    public async Task<StreamInfo> SetRateAsync(double? rate)
    {
        Require();
        if (rate is { } r && !(r > 0 && double.IsFinite(r))) throw new ArgumentException("rate: must be a positive number of records per second, or null for as fast as the sink takes them");
        if (State.Status == StreamStatus.Stopped) throw new StreamConflictException($"stream {Key} is stopped");
        State.Rate = rate;
        await state.WriteStateAsync();
        Anchor();
        return Info();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // being active is the point: OnActivateAsync resumes

    private void Begin()
    {
        _writer ??= new StreamRecordWriter(StreamDefinition.Compile(State.Spec!), State.Spec!.Format, Math.Min(State.Spec.BatchSize, 16_384));
        Anchor();
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, MaxWait) { KeepAlive = true });
    }

    /// <summary>The rate counts from here: record <c>_next</c> is due now.</summary>
    private void Anchor() => (_anchorSequence, _anchorTimestamp) = (_next, Stopwatch.GetTimestamp());

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (State.Status is not (StreamStatus.Running or StreamStatus.Degraded)) return;
        var spec = State.Spec!;
        var due = State.Rate is { } rate ? DueAt(rate) : Math.Min(_next + MaxRecordsPerTick, spec.Limit ?? long.MaxValue);
        var count = Math.Min(due - _next, MaxRecordsPerTick);
        var made = count > 0;
        try
        {
            while (count > 0)
            {
                if (!_fileOpen) StartFile();
                var n = (int)Math.Min(count, Math.Min(spec.BatchSize, spec.RollRecords - (_next - _fileFirst)));
                Append(scratch => _writer!.Write(_next, n, scratch));
                _next += n;
                count -= n;
                Observability.SynthMetrics.StreamRecords.Add(n);
                if (_buffer.WrittenCount >= 1 << 20) await FlushAsync();
                if (_next - _fileFirst >= spec.RollRecords) await CloseFileAsync();
            }
            if (made && State.Rate is { } r) _lateness.Add((Stopwatch.GetElapsedTime(_anchorTimestamp).TotalSeconds - (_next - 1 - _anchorSequence) / r) * 1000);
            if (made && State.Rate is { } lr) Observability.SynthMetrics.StreamLateness.Record(Math.Max(0, Stopwatch.GetElapsedTime(_anchorTimestamp).TotalSeconds - (_next - 1 - _anchorSequence) / lr));
            if (_fileOpen && (DateTimeOffset.UtcNow - _fileOpenedAt).TotalSeconds >= spec.RollSeconds) await CloseFileAsync();
            if (spec.Limit is { } end && _next >= end)
            {
                await HaltAsync();
                await FinishAsync();
                return;
            }
            if (State.Status == StreamStatus.Degraded)
            {
                State.Status = StreamStatus.Running;
                State.Error = null;
                await state.WriteStateAsync();
            }
            _timer?.Change(UntilNextBatch(), MaxWait);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InconsistentStateException)
        {
            // The sink failed: forget the open file (its records are made again from the checkpoint) and say why; the next tick retries.
            LogSinkFailed(logger, e, Key);
            await AbandonFileAsync();
            if (State.Status != StreamStatus.Degraded || State.Error != e.Message)
            {
                State.Status = StreamStatus.Degraded;
                State.Error = $"the artifact store refused the stream's file: {e.Message}";
                await state.WriteStateAsync();
            }
        }
    }

    /// <summary>How long until the next batch is due (when its last record is due), within [<see cref="MinWait"/>, <see cref="MaxWait"/>].</summary>
    private TimeSpan UntilNextBatch()
    {
        // Flat out, the next tick comes at once: the per-tick cap, not the timer, keeps commands answered.
        if (State.Rate is not { } rate) return MinWait;
        var last = _next + State.Spec!.BatchSize - 1;
        var wait = TimeSpan.FromSeconds((last - _anchorSequence) / rate) - Stopwatch.GetElapsedTime(_anchorTimestamp);
        return wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
    }

    /// <summary>A new file from record <c>_next</c>: its header goes to the buffer; the upload opens at the first flush (a slow stream's file may never need one before it rolls).</summary>
    private void StartFile()
    {
        _fileFirst = _next;
        _fileOpenedAt = DateTimeOffset.UtcNow;
        _fileOpen = true;
        Append(scratch => _writer!.WriteHeader(scratch));
    }

    private string FileKey(long first) => string.Create(CultureInfo.InvariantCulture, $"streams/{Key}/{first:D15}.{State.Spec!.Format}");

    /// <summary>Runs <paramref name="encode"/> into the thread's scratch (no await between: the thread stays the same) and keeps what it wrote.</summary>
    private void Append(Action<ArrayBufferWriter<byte>> encode)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(1 << 16);
        scratch.ResetWrittenCount();
        encode(scratch);
        scratch.WrittenSpan.CopyTo(_buffer.GetSpan(scratch.WrittenCount));
        _buffer.Advance(scratch.WrittenCount);
    }

    private async Task FlushAsync()
    {
        if (_buffer.WrittenCount == 0) return;
        _upload ??= await artifacts.BeginUploadAsync(FileKey(_fileFirst), CancellationToken.None);
        await _upload.Content.WriteAsync(_buffer.WrittenMemory);
        _buffer.ResetWrittenCount();
    }

    /// <summary>Publishes the open file and checkpoints: its records are emitted for good.</summary>
    private async Task CloseFileAsync()
    {
        if (!_fileOpen) return;
        await FlushAsync();
        var upload = _upload!;
        await upload.Content.FlushAsync();
        var info = await upload.CommitAsync(CancellationToken.None);
        await upload.DisposeAsync();
        _upload = null;
        _fileOpen = false;
        State.Files.Add(new StreamFile(info.Key, _fileFirst, _next - _fileFirst, info.Length));
        State.Emitted = _next;
        await state.WriteStateAsync();
    }

    private async Task AbandonFileAsync()
    {
        _buffer.ResetWrittenCount();
        _fileOpen = false;
        if (_upload is not null)
        {
            try
            {
                await _upload.DisposeAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCloseFailed(logger, e, Key);
            }
            _upload = null;
        }
        _next = State.Emitted;
        Anchor();
    }

    /// <summary>Stops the timer and publishes the open file.</summary>
    private async Task HaltAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await CloseFileAsync();
    }

    private async Task FinishAsync()
    {
        State.Status = StreamStatus.Stopped;
        State.StoppedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        if (await this.GetReminder(KeepAlive) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private void Require()
    {
        if (State.Spec is null) throw new KeyNotFoundException($"no stream has id {Key}");
    }

    private StreamInfo Info() =>
        new(Key, State.Status, State.Spec!, State.Rate, State.Emitted, State.CreatedAt, State.StoppedAt, State.Error, [.. State.Files],
            Math.Max(_next, State.Emitted), Behind(), _lateness.Percentile(0.99));

    private long Behind()
    {
        if (State.Rate is not { } rate || State.Status is not (StreamStatus.Running or StreamStatus.Degraded) || _timer is null) return 0;
        return Math.Max(0, DueAt(rate) - _next);
    }

    /// <summary>How many records are due by now at <paramref name="rate"/> (record k is due (k - anchor) / rate seconds after the anchor), up to the limit.</summary>
    private long DueAt(double rate) =>
        Math.Min(_anchorSequence + (long)Math.Floor(Stopwatch.GetElapsedTime(_anchorTimestamp).TotalSeconds * rate) + 1, State.Spec!.Limit ?? long.MaxValue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stream {Stream}: the sink failed; retrying from the checkpoint")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stream {Stream}: the open file could not be closed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string stream);
}
