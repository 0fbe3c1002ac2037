using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;

namespace Synth.Runtime.Hosting;

/// <summary>
/// One grain, live on this silo while its lease is ours. Everything that touches the grain
/// (calls, timer ticks, reminders, <c>InvokeInTurnAsync</c>) is a turn on a single-reader
/// queue, so the grain sees one turn at a time; activities run beside the turns.
/// </summary>
internal sealed partial class GrainActivation
{
    internal const string ReminderMethod = "__reminder/1";
    private const int InboxPage = 64;

    private readonly Channel<Func<Task>> _turns = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _lifetime = new();
    private readonly AsyncLocal<bool> _inCall = new();
    private readonly List<Task> _activities = [];
    private readonly List<ITimer> _timers = [];
    private readonly ILogger _logger;
    private Task _loop = Task.CompletedTask;
    private int _drainQueued;
    private long _lastSequence;
    // Calls the inbox bell carried, by sequence: run without reading the inbox, but only once a
    // read of the inbox has set _lastSequence (a bell may be older than this activation).
    private readonly SortedDictionary<long, GrainCall> _rung = [];
    private bool _inboxRead;
    private StateWrite? _pendingWrite;
    private long _lastUsed = Environment.TickCount64;
    private int _deactivationRequested;

    private GrainActivation(Silo silo, GrainType type, Lease lease, ILogger logger)
    {
        Silo = silo;
        Type = type;
        Lease = lease;
        _logger = logger;
        Instance = (Grain)ActivatorUtilities.CreateInstance(silo.Services, type.Class);
        Instance.Activation = this;
    }

    public Silo Silo { get; }

    public GrainType Type { get; }

    public Lease Lease { get; }

    public GrainId Id => Lease.Grain;

    public Grain Instance { get; }

    public CancellationToken Lifetime => _lifetime.Token;

    public bool IsIdle(TimeSpan idleTimeout) =>
        Environment.TickCount64 - Interlocked.Read(ref _lastUsed) > idleTimeout.TotalMilliseconds && SnapshotActivities().All(a => a.IsCompleted) || Volatile.Read(ref _deactivationRequested) == 1;

    public static async Task<GrainActivation> ActivateAsync(Silo silo, GrainType type, Lease lease, ILogger logger)
    {
        var activation = new GrainActivation(silo, type, lease, logger);
        activation._loop = Task.Run(activation.RunTurnsAsync);
        await activation.InvokeInTurnAsync(async () =>
        {
            if (activation.Instance is IStatefulGrain) await activation.ReadStateAsync(activation.Instance).ConfigureAwait(false);
            await activation.Instance.OnActivateAsync(activation.Lifetime).ConfigureAwait(false);
        }).ConfigureAwait(false);
        LogActivated(logger, lease.Grain.ToString(), lease.Epoch);
        return activation;
    }

    /// <summary>New calls may be in the inbox (<paramref name="call"/>, if the bell carried it): queue one drain turn unless one is already queued.</summary>
    public void SignalInbox(GrainCall? call = null)
    {
        if (call is not null)
        {
            lock (_rung) _rung.TryAdd(call.Sequence, call);
        }
        if (Interlocked.Exchange(ref _drainQueued, 1) == 0) _turns.Writer.TryWrite(DrainInboxAsync);
    }

    private async Task RunTurnsAsync()
    {
        await foreach (var turn in _turns.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await turn().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !Lifetime.IsCancellationRequested)
            {
                LogTurnFailed(_logger, e, Id.ToString());
            }
        }
    }

    private async Task DrainInboxAsync()
    {
        // Cleared first: a bell that rings while we drain queues another drain, so nothing is missed.
        Volatile.Write(ref _drainQueued, 0);
        while (!Lifetime.IsCancellationRequested)
        {
            // The next call rode on its bell: no read. Sequences of a grain commit in order, so
            // the bell of call n+1 never comes before call n is stored: a gap means a bell that
            // carried no call (or was missed), and the read below finds it.
            if (_inboxRead && TakeRung(_lastSequence + 1) is { } rung)
            {
                if (!await ProcessCallAsync(rung).ConfigureAwait(false)) return;
                continue;
            }
            var calls = await Silo.Store.GetPendingCallsAsync(Id, _lastSequence, InboxPage, Lifetime).ConfigureAwait(false);
            _inboxRead = true;
            foreach (var call in calls)
            {
                if (!await ProcessCallAsync(call).ConfigureAwait(false)) return;
            }
            if (calls.Count < InboxPage && !HasRung(_lastSequence + 1)) return;
        }
    }

    /// <summary>Removes and returns the rung call with this sequence, forgetting older ones (already run from a read).</summary>
    private GrainCall? TakeRung(long sequence)
    {
        lock (_rung)
        {
            while (_rung.Count > 0 && _rung.First().Key < sequence) _rung.Remove(_rung.First().Key);
            return _rung.Remove(sequence, out var call) ? call : null;
        }
    }

    private bool HasRung(long sequence)
    {
        lock (_rung) return _rung.ContainsKey(sequence);
    }

    /// <summary>Runs one call and completes it durably. Returns false when the lease turned out to be lost.</summary>
    private async Task<bool> ProcessCallAsync(GrainCall call)
    {
        Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
        _pendingWrite = null;
        CallReply reply;
        _inCall.Value = true;
        try
        {
            byte[]? result = null;
            if (call.Method == ReminderMethod)
            {
                var name = JsonSerializer.Deserialize<string[]>(call.Arguments)![0];
                if (Instance is IRemindable remindable) await remindable.ReceiveReminder(name).ConfigureAwait(false);
            }
            else
            {
                var method = GrainMethod.Find(Type.Interface, call.Method);
                result = await method.InvokeAsync(Instance, method.DeserializeArguments(call.Arguments, Lifetime)).ConfigureAwait(false);
            }
            reply = new CallReply(call.CallId, true, result, null, null);
        }
        catch (Exception e)
        {
            reply = new CallReply(call.CallId, false, null, e.GetType().Name, e.Message);
        }
        finally
        {
            _inCall.Value = false;
        }

        try
        {
            await Silo.Store.CompleteCallAsync(Lease, reply, _pendingWrite, CancellationToken.None).ConfigureAwait(false);
        }
        catch (InconsistentStateException e)
        {
            // Another silo holds a newer epoch (we were presumed dead): drop this activation, write nothing.
            LogFenced(_logger, Id.ToString(), Lease.Epoch, e.Message);
            Silo.Abandon(this);
            return false;
        }
        finally
        {
            _pendingWrite = null;
        }
        // The store rang the caller's reply bell when the completion committed.
        _lastSequence = call.Sequence;
        return true;
    }

    public Task InvokeInTurnAsync(Func<Task> action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _turns.Writer.TryWrite(async () =>
        {
            try
            {
                await action().ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        if (!queued) done.TrySetException(new ObjectDisposedException($"activation of {Id}"));
        return done.Task;
    }

    public async Task ReadStateAsync(Grain grain)
    {
        var stateful = (IStatefulGrain)grain;
        var (data, etag) = await Silo.Store.ReadStateAsync(Id, Lifetime).ConfigureAwait(false);
        stateful.State = data is null ? Activator.CreateInstance(stateful.StateType)! : JsonSerializer.Deserialize(data, stateful.StateType)!;
        stateful.ETag = etag;
    }

    public async Task WriteStateAsync(Grain grain)
    {
        var stateful = (IStatefulGrain)grain;
        var data = JsonSerializer.SerializeToUtf8Bytes(stateful.State, stateful.StateType);
        var newETag = Guid.NewGuid().ToString("N");
        if (_inCall.Value)
        {
            // Committed with the call's completion; several writes in one call collapse into the last.
            _pendingWrite = new StateWrite(Id, data, _pendingWrite?.ExpectedETag ?? stateful.ETag, newETag, Lease.Epoch);
            stateful.ETag = newETag;
            return;
        }
        try
        {
            await Silo.Store.WriteStateAsync(Lease, new StateWrite(Id, data, stateful.ETag, newETag, Lease.Epoch), Lifetime).ConfigureAwait(false);
        }
        catch (InconsistentStateException e)
        {
            LogFenced(_logger, Id.ToString(), Lease.Epoch, e.Message);
            Silo.Abandon(this);
            throw;
        }
        stateful.ETag = newETag;
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var ticking = 0;
        var timer = TimeProvider.System.CreateTimer(_ =>
        {
            // At most one tick queued at a time: a slow callback delays ticks rather than piling them up.
            if (Interlocked.Exchange(ref ticking, 1) == 1) return;
            _turns.Writer.TryWrite(async () =>
            {
                try
                {
                    await callback(Lifetime).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref ticking, 0);
                }
            });
        }, null, dueTime, period);
        lock (_timers) _timers.Add(timer);
        return timer;
    }

    public Task RegisterReminderAsync(string name, TimeSpan period) =>
        Silo.Store.UpsertReminderAsync(new ReminderRecord(Id, name, period, DateTimeOffset.UtcNow + period), Lifetime);

    public Task UnregisterReminderAsync(string name) => Silo.Store.RemoveReminderAsync(Id, name, Lifetime);

    public void StartActivity(Func<CancellationToken, Task> work)
    {
        Task task;
        // Activities must not inherit the current call's context (their state writes are not the call's).
        using (ExecutionContext.SuppressFlow())
        {
            task = Task.Run(async () =>
            {
                try
                {
                    await work(Lifetime).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (Lifetime.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    LogActivityFailed(_logger, e, Id.ToString());
                }
            });
        }
        lock (_activities) _activities.Add(task);
    }

    public void RequestDeactivation() => Volatile.Write(ref _deactivationRequested, 1);

    /// <summary>Graceful end: stop activities and timers, run OnDeactivateAsync as the last turn.</summary>
    public async Task DeactivateAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        StopTimers();
        await Task.WhenAll(SnapshotActivities()).ConfigureAwait(false);
        var final = InvokeInTurnAsync(() => Instance.OnDeactivateAsync(CancellationToken.None));
        _turns.Writer.TryComplete();
        try
        {
            await final.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogTurnFailed(_logger, e, Id.ToString());
        }
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Abrupt end (lease lost or silo declared dead): nothing more runs and nothing more is written.</summary>
    public void Abandon()
    {
        _lifetime.Cancel();
        StopTimers();
        _turns.Writer.TryComplete();
    }

    private void StopTimers()
    {
        lock (_timers)
        {
            foreach (var t in _timers) t.Dispose();
            _timers.Clear();
        }
    }

    private Task[] SnapshotActivities()
    {
        lock (_activities) return [.. _activities];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "activated {Grain} (epoch {Epoch})")]
    private static partial void LogActivated(ILogger logger, string grain, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a turn of {Grain} failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string grain);

    [LoggerMessage(Level = LogLevel.Error, Message = "an activity of {Grain} failed")]
    private static partial void LogActivityFailed(ILogger logger, Exception exception, string grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain} lost its lease (epoch {Epoch}): {Reason}; activation dropped")]
    private static partial void LogFenced(ILogger logger, string grain, long epoch, string reason);
}
