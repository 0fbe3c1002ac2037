using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Synth.Storage.Sinks;

/// <summary>
/// A silo's connections to RabbitMQ brokers, shared by the streams' sinks: each sink opens its own
/// channel (publisher confirms are per channel) on a shared connection to its broker, so 10,000 streams
/// into one broker hold a few dozen connections, not 10,000 (each with its socket and heartbeats). A
/// connection carries at most <c>channelsPerConnection</c> channels (brokers allow 2,047 by default);
/// one that closed (a broker restart, the network) is replaced at the next lease.
/// </summary>
public sealed class RabbitMqConnections(int channelsPerConnection = 256) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, List<Shared>> _byBroker = [];

    /// <summary>A connection to <paramref name="uri"/>'s broker with room for one more channel, held until the lease is disposed.</summary>
    public async Task<Lease> LeaseAsync(Uri uri, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_byBroker.TryGetValue(uri.AbsoluteUri, out var connections)) _byBroker[uri.AbsoluteUri] = connections = [];
            // A closed connection's channels are closed with it (their sinks fail and lease again): it goes.
            foreach (var closed in connections.Where(c => !c.Connection.IsOpen).ToList())
            {
                connections.Remove(closed);
                await DisposeQuietlyAsync(closed.Connection);
            }
            var room = connections.FirstOrDefault(c => Volatile.Read(ref c.Channels) < channelsPerConnection);
            if (room is null)
            {
                var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = $"synth silo ({connections.Count + 1})" };
                room = new Shared(await factory.CreateConnectionAsync(cancellationToken));
                connections.Add(room);
            }
            Interlocked.Increment(ref room.Channels);
            return new Lease(room);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _byBroker.Values.SelectMany(c => c)) await DisposeQuietlyAsync(connection.Connection);
        _byBroker.Clear();
        _gate.Dispose();
    }

    private static async Task DisposeQuietlyAsync(IConnection connection)
    {
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or OperationInterruptedException or AlreadyClosedException)
        {
            // A connection already broken cannot be closed cleanly; it is gone either way.
        }
    }

    internal sealed class Shared(IConnection connection)
    {
        public IConnection Connection { get; } = connection;

        public int Channels;
    }

    /// <summary>A sink's share of a connection: its channel lives on <see cref="Connection"/> until the lease is disposed.</summary>
    public sealed class Lease : IDisposable
    {
        private Shared? _shared;

        internal Lease(Shared shared) => _shared = shared;

        public IConnection Connection => (_shared ?? throw new ObjectDisposedException(nameof(Lease))).Connection;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _shared, null) is { } shared) Interlocked.Decrement(ref shared.Channels);
        }
    }
}
