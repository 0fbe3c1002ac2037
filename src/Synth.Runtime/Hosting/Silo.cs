using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;

namespace Synth.Runtime.Hosting;

/// <summary>
/// A process that hosts grain activations. It registers in the membership table, keeps its
/// heartbeat, declares silent peers dead, activates the grains whose lease it holds when
/// their inbox bell rings, fires due reminders and deactivates idle grains.
/// </summary>
public sealed partial class Silo : IAsyncDisposable
{
    private readonly GrainTypeRegistry _types;
    private readonly SiloOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<GrainId, Lazy<Task<GrainActivation>>> _activations = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private IAsyncDisposable? _bell;
    private int _stopped;

    public Silo(IClusterStore store, GrainTypeRegistry types, SiloOptions options, IServiceProvider? services = null, ILoggerFactory? loggers = null)
    {
        Store = store;
        _types = types;
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<Silo>();
        Services = services ?? new ServiceCollection().BuildServiceProvider();
        Client = new ClusterClient(store, types, _loggers.CreateLogger<ClusterClient>());
    }

    public string SiloId { get; } = SignalChannels.NewId();

    public IClusterStore Store { get; }

    public IServiceProvider Services { get; }

    /// <summary>This silo's client, for grain-to-grain calls and for hosts that embed the silo.</summary>
    public ClusterClient Client { get; }

    public int ActivationCount => _activations.Count;

    /// <summary>Migrates the store, joins the cluster and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await Store.RegisterSiloAsync(SiloId, _options.Name, Environment.MachineName, _options.Tags, cancellationToken).ConfigureAwait(false);
        await Client.StartAsync(cancellationToken).ConfigureAwait(false);
        _bell = await Store.ListenAsync(SignalChannels.Silo(SiloId), OnInboxBell, cancellationToken).ConfigureAwait(false);
        await Store.NotifyAsync(SignalChannels.Membership, SiloId, cancellationToken).ConfigureAwait(false);
        _loops.Add(Task.Run(() => MembershipLoopAsync(_stopping.Token)));
        _loops.Add(Task.Run(() => ReminderLoopAsync(_stopping.Token)));
        _loops.Add(Task.Run(() => IdleLoopAsync(_stopping.Token)));
        LogStarted(_logger, _options.Name, SiloId, string.Join(",", _options.Tags));
    }

    private void OnInboxBell(string payload)
    {
        if (InboxBell.TryDecode(payload, out var grain, out var call)) _ = DeliverAsync(grain, call);
    }

    /// <summary>Wakes the grain's activation (handing it the call the bell carried, if any), creating it when this silo holds its lease.</summary>
    private async Task DeliverAsync(GrainId grain, GrainCall? call)
    {
        if (_stopping.IsCancellationRequested) return;
        try
        {
            if (!_activations.TryGetValue(grain, out var existing))
            {
                if (!_types.TryGet(grain.Type, out var type))
                {
                    LogUnknownType(_logger, grain.ToString());
                    return;
                }
                var lease = await Store.GetLeaseAsync(grain, _stopping.Token).ConfigureAwait(false);
                if (lease is null && type.RequiredTags.All(t => _options.Tags.Contains(t, StringComparer.Ordinal)))
                {
                    // Rung for a grain nobody holds (e.g. deactivated while idle, by a caller that
                    // remembered this silo): take it here rather than make the caller wait a re-check.
                    lease = await Store.AcquireLeaseAsync(grain, SiloId, _stopping.Token).ConfigureAwait(false);
                }
                if (lease is null || lease.SiloId != SiloId) return;
                existing = _activations.GetOrAdd(grain, _ => new Lazy<Task<GrainActivation>>(
                    () => GrainActivation.ActivateAsync(this, type, lease, _loggers.CreateLogger<GrainActivation>())));
            }
            var activation = await existing.Value.ConfigureAwait(false);
            activation.SignalInbox(call);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed activation is forgotten, so the next bell tries again.
            if (_activations.TryGetValue(grain, out var failed) && failed.IsValueCreated && failed.Value.IsFaulted) _activations.TryRemove(grain, out _);
            LogDeliveryFailed(_logger, e, grain.ToString());
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Drops an activation that lost its lease, without running or writing anything more.</summary>
    internal void Abandon(GrainActivation activation)
    {
        activation.Abandon();
        _activations.TryRemove(activation.Id, out _);
    }

    private async Task MembershipLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatPeriod);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (!await Store.HeartbeatAsync(SiloId, _activations.Count, cancellationToken).ConfigureAwait(false))
                {
                    // Peers declared us dead and may already host our grains elsewhere: stop serving at once.
                    LogDeclaredDead(_logger, SiloId);
                    AbandonAll();
                    return;
                }
                var dead = await Store.DeclareDeadSilosAsync(_options.DeathTimeout, cancellationToken).ConfigureAwait(false);
                // The store logs each silo it declares dead; every client's view catches up at once.
                if (dead.Count > 0) await Store.NotifyAsync(SignalChannels.Membership, string.Join(",", dead), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoopFailed(_logger, e, "membership");
            }
        }
    }

    private async Task ReminderLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ReminderPollPeriod);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                foreach (var reminder in await Store.ClaimDueRemindersAsync(32, cancellationToken).ConfigureAwait(false))
                {
                    await FireReminderAsync(reminder, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoopFailed(_logger, e, "reminders");
            }
        }
    }

    /// <summary>A reminder tick is an ordinary (one-way) call, so it survives failover like any call.</summary>
    private async Task FireReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken)
    {
        if (!_types.TryGet(reminder.Grain.Type, out var type)) return;
        // The id is derived from the tick, so a tick delivered twice is stored once.
        var callId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{reminder.Grain}|{reminder.Name}|{reminder.DueAt.UtcTicks}"))[..16]);
        var call = new GrainCall(callId, reminder.Grain, GrainActivation.ReminderMethod, JsonSerializer.SerializeToUtf8Bytes(new[] { reminder.Name }),
            null, type.RequiredTags, DateTimeOffset.UtcNow + reminder.Period);
        string? ring = null;
        try
        {
            var lease = await Client.EnsureLeaseAsync(reminder.Grain, type.RequiredTags, cancellationToken).ConfigureAwait(false);
            ring = SignalChannels.Silo(lease.SiloId);
        }
        catch (NoEligibleSiloException e)
        {
            // The tick is still stored: it runs when a silo that can host the grain activates it.
            LogDeliveryFailed(_logger, e, reminder.Grain.ToString());
        }
        await Store.EnqueueCallAsync(call, cancellationToken, ring).ConfigureAwait(false);
    }

    private async Task IdleLoopAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var (grain, lazy) in _activations)
            {
                if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully) continue;
                var activation = lazy.Value.Result;
                if (!activation.IsIdle(_options.IdleTimeout)) continue;
                await DeactivateAsync(grain, activation).ConfigureAwait(false);
            }
        }
    }

    private async Task DeactivateAsync(GrainId grain, GrainActivation activation)
    {
        _activations.TryRemove(grain, out _);
        try
        {
            await activation.DeactivateAsync().ConfigureAwait(false);
            await Store.ReleaseLeaseAsync(activation.Lease, CancellationToken.None).ConfigureAwait(false);
            // Calls that arrived during deactivation re-place the grain when their caller re-checks.
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down with the store already disposed (see StopAsync): the lease lapses with the silo.
        }
        catch (Exception e)
        {
            LogLoopFailed(_logger, e, "deactivation");
        }
    }

    private void AbandonAll()
    {
        foreach (var (_, lazy) in _activations)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) lazy.Value.Result.Abandon();
        }
        _activations.Clear();
    }

    /// <summary>Graceful shutdown: deactivate every grain, hand its lease back, leave the membership table as Stopped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await IgnoreCancellation(Task.WhenAll(_loops)).ConfigureAwait(false);
        if (_bell is not null) await _bell.DisposeAsync().ConfigureAwait(false);
        foreach (var (grain, lazy) in _activations.ToArray())
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) await DeactivateAsync(grain, lazy.Value.Result).ConfigureAwait(false);
        }
        try
        {
            await Store.StopSiloAsync(SiloId, cancellationToken).ConfigureAwait(false);
            await Store.NotifyAsync(SignalChannels.Membership, SiloId, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The host disposed the store before stopping us (WebApplicationFactory does): peers
            // will declare this silo dead instead, and its grains move then.
        }
        await Client.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger, SiloId);
    }

    /// <summary>Simulates a crash (tests): stops everything at once and tells nobody; peers must notice the silence.</summary>
    internal async Task CrashAsync()
    {
        Interlocked.Exchange(ref _stopped, 1);
        await _stopping.CancelAsync().ConfigureAwait(false);
        AbandonAll();
        if (_bell is not null) await _bell.DisposeAsync().ConfigureAwait(false);
        await IgnoreCancellation(Task.WhenAll(_loops)).ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "silo {Name} ({SiloId}) started; tags [{Tags}]")]
    private static partial void LogStarted(ILogger logger, string name, string siloId, string tags);

    [LoggerMessage(Level = LogLevel.Information, Message = "silo {SiloId} stopped")]
    private static partial void LogStopped(ILogger logger, string siloId);

    [LoggerMessage(Level = LogLevel.Error, Message = "silo {SiloId} was declared dead by its peers; dropping every activation")]
    private static partial void LogDeclaredDead(ILogger logger, string siloId);

    [LoggerMessage(Level = LogLevel.Error, Message = "no grain class registered for {Grain} on this silo")]
    private static partial void LogUnknownType(ILogger logger, string grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not deliver calls to {Grain}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the {Loop} loop failed; it goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string loop);
}
