using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Synth.Runtime.Storage.Sqlite;

/// <summary>
/// LISTEN/NOTIFY inside one process: channel name → handlers. Each listener gets its own queue
/// and pump, so its handler runs on the thread pool, never inline in <see cref="Notify"/> and
/// never under a lock, sees notifications in the order they were sent, and cannot delay other
/// listeners. A handler's exception is logged and swallowed. Channel names and payloads obey
/// PostgreSQL's NOTIFY rules, so code written against this works on the cluster too.
/// </summary>
public sealed partial class InProcessSignals
{
    /// <summary>Longest channel name PostgreSQL accepts (NAMEDATALEN − 1). 63.</summary>
    public const int MaxChannelLength = 63;

    /// <summary>PostgreSQL NOTIFY payloads must be shorter than 8000 bytes (UTF-8).</summary>
    public const int MaxPayloadBytes = 7999;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Listener[]> _listeners = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public InProcessSignals(ILogger? logger = null) => _logger = logger ?? NullLogger.Instance;

    /// <summary>Queues <paramref name="payload"/> for every current listener of <paramref name="channel"/> and returns at once.</summary>
    public void Notify(string channel, string payload)
    {
        ValidateChannel(channel);
        ValidatePayload(payload);
        Listener[]? listeners;
        lock (_lock) _listeners.TryGetValue(channel, out listeners);
        if (listeners is null) return;
        foreach (var listener in listeners) listener.Post(payload);
    }

    /// <summary>Runs <paramref name="handler"/> for each notification on <paramref name="channel"/> until the returned handle is disposed.</summary>
    public IAsyncDisposable Listen(string channel, Action<string> handler)
    {
        ValidateChannel(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var listener = new Listener(this, channel, handler);
        lock (_lock)
        {
            // Copy-on-write: Notify iterates a snapshot without holding the lock.
            _listeners[channel] = _listeners.TryGetValue(channel, out var current) ? [.. current, listener] : [listener];
        }
        return listener;
    }

    /// <summary>Number of live listeners on <paramref name="channel"/>.</summary>
    public int ListenerCount(string channel)
    {
        lock (_lock) return _listeners.TryGetValue(channel, out var current) ? current.Length : 0;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the name is 1–63 characters of <c>[a-z0-9_]</c>.</summary>
    public static void ValidateChannel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Length is 0 or > MaxChannelLength)
        {
            throw new ArgumentException($"Channel name '{channel}' must be 1 to {MaxChannelLength} characters long (it has {channel.Length}).", nameof(channel));
        }
        foreach (var c in channel)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new ArgumentException($"Channel name '{channel}' may only contain a-z, 0-9 and '_' (found '{c}').", nameof(channel));
            }
        }
    }

    private static void ValidatePayload(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // Cheap bound first: a UTF-8 encoding takes at most 3 bytes per UTF-16 char.
        if (payload.Length * 3 > MaxPayloadBytes && Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
        {
            throw new ArgumentException($"Notification payload is {Encoding.UTF8.GetByteCount(payload)} bytes; at most {MaxPayloadBytes} are allowed.", nameof(payload));
        }
    }

    private void Remove(Listener listener)
    {
        lock (_lock)
        {
            if (!_listeners.TryGetValue(listener.ChannelName, out var current)) return;
            var index = Array.IndexOf(current, listener);
            if (index < 0) return;
            if (current.Length == 1)
            {
                _listeners.Remove(listener.ChannelName);
                return;
            }
            var rest = new Listener[current.Length - 1];
            Array.Copy(current, 0, rest, 0, index);
            Array.Copy(current, index + 1, rest, index, current.Length - index - 1);
            _listeners[listener.ChannelName] = rest;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A listener on channel {Channel} failed handling a notification")]
    private static partial void LogHandlerFailed(ILogger logger, string channel, Exception exception);

    private sealed class Listener : IAsyncDisposable
    {
        // Set while a pump runs its handler, so a handler that disposes its own listener does not wait for itself.
        [ThreadStatic] private static Listener? t_running;

        private readonly InProcessSignals _owner;
        private readonly Action<string> _handler;
        private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _pump;
        private volatile bool _stopped;

        public Listener(InProcessSignals owner, string channel, Action<string> handler)
        {
            _owner = owner;
            ChannelName = channel;
            _handler = handler;
            _pump = Task.Run(PumpAsync);
        }

        public string ChannelName { get; }

        public void Post(string payload) => _queue.Writer.TryWrite(payload);

        private async Task PumpAsync()
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (!_stopped && reader.TryRead(out var payload))
                {
                    t_running = this;
                    try
                    {
                        _handler(payload);
                    }
                    catch (Exception e)
                    {
                        LogHandlerFailed(_owner._logger, ChannelName, e);
                    }
                    finally
                    {
                        t_running = null;
                    }
                }
                if (_stopped) return;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_stopped) return;
            _stopped = true;
            _owner.Remove(this);
            _queue.Writer.TryComplete();
            // Once this returns the handler is never called again (unless this is the handler itself, still running).
            if (t_running != this) await _pump.ConfigureAwait(false);
        }
    }
}
