using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Synth.Storage.Tests.TestSupport;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a real server that fails the first
/// <c>failures</c> connections it accepts (reads the request head, answers HTTP 503 and closes)
/// and relays every later one to the server untouched. Lets a test see a store retry real
/// transient failures without any fake server.
/// </summary>
internal sealed class FlakyProxy : IAsyncDisposable
{
    private static readonly byte[] s_unavailable =
        Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _failuresLeft;
    private int _failed;
    private int _relayed;

    public FlakyProxy(int targetPort, int failures)
    {
        _targetPort = targetPort;
        _failuresLeft = failures;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections answered with 503.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Connections relayed to the server.</summary>
    public int Relayed => Volatile.Read(ref _relayed);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_connections) connections = [.. _connections, _acceptLoop];
        await Task.WhenAll(connections.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var task = Interlocked.Decrement(ref _failuresLeft) >= 0 ? FailAsync(client) : RelayAsync(client);
            lock (_connections) _connections.Add(task);
        }
    }

    private async Task FailAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            await ReadRequestHeadAsync(stream);
            await stream.WriteAsync(s_unavailable, _stop.Token);
            Interlocked.Increment(ref _failed);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        Interlocked.Increment(ref _relayed);
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var toServer = PumpAsync(client.GetStream(), server.GetStream());
            var toClient = PumpAsync(server.GetStream(), client.GetStream());
            // Either side closing ends the relay.
            await Task.WhenAny(toServer, toClient);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var seen = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            seen.Add(one[0]);
            if (seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n') return;
        }
    }
}
