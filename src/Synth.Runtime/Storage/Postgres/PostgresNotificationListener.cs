using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Synth.Runtime.Storage.Postgres;

/// <summary>
/// A store's LISTEN side: one dedicated connection for all its channels, read by one background
/// loop that waits for notifications and hands each to the channel's handlers.
/// </summary>
/// <remarks>
/// The loop alone uses the connection (Npgsql connections are not thread-safe). Callers change
/// the set of wanted channels under a lock and wake the loop by cancelling its wait; the loop then
/// brings the connection's LISTENs in line with that set. When the connection drops, the loop
/// reconnects with backoff and LISTENs again to every wanted channel; notifications sent while it
/// was away are lost, which the contract allows (receivers also poll).
/// </remarks>
internal sealed partial class PostgresNotificationListener : IAsyncDisposable
{
    private static readonly TimeSpan s_firstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly SearchValues<char> s_channelCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Seconds of silence after which Npgsql checks the waiting connection, so a dead peer is noticed.</summary>
    private const int KeepAliveSeconds = 10;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    // Guarded by _gate: wanted channels and their handlers; channels LISTENed on the current
    // connection (a channel being UNLISTENed is already out); callers waiting for a change.
    private readonly Dictionary<string, List<Subscription>> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listening = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _wake = new();
    private Task? _loop;
    private bool _disposed;
    private int _processId;

    public PostgresNotificationListener(string connectionString, ILogger logger)
    {
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // The connection lives as long as the store; a pooled one would come back with LISTENs reset.
            Pooling = false,
        };
        builder.ApplicationName = (string.IsNullOrEmpty(builder.ApplicationName) ? "synth" : builder.ApplicationName) + " (listen)";
        if (builder.KeepAlive == 0) builder.KeepAlive = KeepAliveSeconds;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The backend process id of the current LISTEN connection; null while disconnected.</summary>
    public int? ProcessId => Volatile.Read(ref _processId) is var id and not 0 ? id : null;

    /// <summary>The channels LISTENed on the current connection (for tests).</summary>
    public IReadOnlyCollection<string> ListeningChannels
    {
        get
        {
            lock (_gate) return [.. _listening];
        }
    }

    /// <summary>
    /// Channel names are used as quoted identifiers, so they must be what PostgreSQL would not
    /// fold or truncate: 1 to 63 characters from <c>a-z</c>, <c>0-9</c> and <c>_</c>.
    /// </summary>
    public static void ValidateChannel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Length is 0 or > 63 || channel.AsSpan().ContainsAnyExcept(s_channelCharacters))
        {
            throw new ArgumentException(
                $"'{channel}' is not a valid channel name: use 1 to 63 characters from a-z, 0-9 and '_'.", nameof(channel));
        }
    }

    /// <summary>Adds <paramref name="handler"/> to <paramref name="channel"/> and returns once the channel is LISTENed.</summary>
    public async Task<IAsyncDisposable> ListenAsync(string channel, Action<string> handler, CancellationToken cancellationToken)
    {
        ValidateChannel(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, channel, handler);
        Task listening;
        CancellationTokenSource? wake = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_subscriptions.TryGetValue(channel, out var handlers))
            {
                _subscriptions[channel] = handlers = [];
            }
            handlers.Add(subscription);
            if (_listening.Contains(channel))
            {
                listening = Task.CompletedTask;
            }
            else
            {
                var waiter = new Waiter(channel, WantsListening: true);
                _waiters.Add(waiter);
                listening = waiter.Done.Task;
                wake = _wake;
            }
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }
        wake?.Cancel();
        try
        {
            await listening.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return subscription;
    }

    private async ValueTask UnsubscribeAsync(Subscription subscription)
    {
        Task unlistened;
        CancellationTokenSource wake;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscription.Channel, out var handlers) || !handlers.Remove(subscription) || handlers.Count > 0)
            {
                return;
            }
            _subscriptions.Remove(subscription.Channel);
            wake = _wake;
            if (_disposed || !_listening.Contains(subscription.Channel))
            {
                // Not LISTENed (yet): the loop's next pass sees the channel is no longer wanted.
                unlistened = Task.CompletedTask;
            }
            else
            {
                var waiter = new Waiter(subscription.Channel, WantsListening: false);
                _waiters.Add(waiter);
                unlistened = waiter.Done.Task;
            }
        }
        wake.Cancel();
        await unlistened.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var retryDelay = s_firstRetryDelay;
        var lostOnce = false;
        while (!_stop.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await _dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                connection.Notification += OnNotification;
                Volatile.Write(ref _processId, connection.ProcessID);
                if (lostOnce) LogReconnected(_logger, connection.ProcessID);
                retryDelay = s_firstRetryDelay;
                while (true)
                {
                    CancellationTokenSource wake;
                    lock (_gate)
                    {
                        // A fresh wake token before reading the wanted set: a change made from here on cancels it.
                        _wake = wake = new CancellationTokenSource();
                    }
                    await ReconcileAsync(connection, _stop.Token).ConfigureAwait(false);
                    using var waitCancellation = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, wake.Token);
                    try
                    {
                        // Returns after one notification, which Npgsql has already raised as an event.
                        await connection.WaitAsync(waitCancellation.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                    {
                        // Woken: the wanted channels changed.
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                lostOnce = true;
                LogConnectionLost(_logger, e, retryDelay.TotalMilliseconds);
            }
            finally
            {
                Volatile.Write(ref _processId, 0);
                lock (_gate)
                {
                    _listening.Clear();
                    CompleteWaiters();
                }
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    try
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
                    {
                        // Already broken; nothing more to release.
                    }
                }
            }
            try
            {
                await Task.Delay(retryDelay, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, s_maxRetryDelay.Ticks));
        }
    }

    /// <summary>LISTENs and UNLISTENs until the connection listens to exactly the wanted channels.</summary>
    private async Task ReconcileAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var listen = new List<string>();
            var commands = new StringBuilder();
            lock (_gate)
            {
                foreach (var channel in _subscriptions.Keys)
                {
                    if (!_listening.Contains(channel))
                    {
                        listen.Add(channel);
                        commands.Append("LISTEN \"").Append(channel).Append("\";");
                    }
                }
                foreach (var channel in _listening)
                {
                    if (!_subscriptions.ContainsKey(channel))
                    {
                        commands.Append("UNLISTEN \"").Append(channel).Append("\";");
                    }
                }
                if (commands.Length == 0)
                {
                    CompleteWaiters();
                    return;
                }
                // From now on a channel being UNLISTENed counts as not listened: a new handler for it waits for the next LISTEN.
                _listening.IntersectWith(_subscriptions.Keys);
            }
            await using (var command = new NpgsqlCommand(commands.ToString(), connection))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            lock (_gate)
            {
                _listening.UnionWith(listen);
                CompleteWaiters();
            }
        }
    }

    /// <summary>Under <see cref="_gate"/>: releases callers whose change has happened or is no longer wanted.</summary>
    private void CompleteWaiters()
    {
        _waiters.RemoveAll(waiter =>
        {
            var wanted = _subscriptions.ContainsKey(waiter.Channel);
            var settled = waiter.WantsListening
                ? _listening.Contains(waiter.Channel) || !wanted
                : !_listening.Contains(waiter.Channel) || wanted;
            if (settled) waiter.Done.TrySetResult();
            return settled;
        });
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        Subscription[] handlers;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(e.Channel, out var subscribed)) return;
            handlers = [.. subscribed];
        }
        foreach (var subscription in handlers)
        {
            if (subscription.IsDisposed) continue;
            try
            {
                subscription.Handler(e.Payload);
            }
            catch (Exception exception)
            {
                // A handler's bug must not stop delivery to the others or end the loop.
                LogHandlerFailed(_logger, exception, e.Channel);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            loop = _loop;
        }
        _stop.Cancel();
        if (loop is not null) await loop.ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                if (waiter.WantsListening) waiter.Done.TrySetException(new ObjectDisposedException(nameof(PostgresClusterStore)));
                else waiter.Done.TrySetResult();
            }
            _waiters.Clear();
            _subscriptions.Clear();
        }
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed record Waiter(string Channel, bool WantsListening)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Subscription(PostgresNotificationListener listener, string channel, Action<string> handler) : IAsyncDisposable
    {
        private int _disposed;

        public string Channel => channel;

        public Action<string> Handler => handler;

        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? listener.UnsubscribeAsync(this) : ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PostgreSQL LISTEN connection failed; reconnecting in {RetryMilliseconds} ms")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception, double retryMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The PostgreSQL LISTEN connection is back (backend {ProcessId}); listening again")]
    private static partial void LogReconnected(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of channel {Channel} threw; the other handlers still run")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string channel);
}
