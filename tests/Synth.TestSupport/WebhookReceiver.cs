using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Synth.TestSupport;

/// <summary>
/// An HTTP endpoint on 127.0.0.1 that takes webhook batches and keeps them, answering 503 to the
/// requests <see cref="Fails"/> picks (by request number, from 1) and to every request while
/// <see cref="Down"/>: the receiving end of a stream's webhook sink in tests.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ListenAsync);
    }

    public Uri Url { get; }

    /// <summary>Whether request n (from 1) is answered 503.</summary>
    public Func<int, bool> Fails { get; set; } = _ => false;

    public bool Down { get; set; }

    /// <summary>The batches answered 2xx, in arrival order.</summary>
    public ConcurrentQueue<Batch> Accepted { get; } = new();

    public int Requests => _requests;

    /// <summary>The records accepted, each sequence number once (a batch sent again is a duplicate), in sequence order, as text lines.</summary>
    public List<(long Sequence, string Line)> Records()
    {
        var seen = new SortedDictionary<long, string>();
        foreach (var batch in Accepted)
        {
            var lines = batch.Lines();
            for (var i = 0; i < lines.Count; i++) seen.TryAdd(batch.First + i, lines[i]);
        }
        return [.. seen.Select(p => (p.Key, p.Value))];
    }

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var n = Interlocked.Increment(ref _requests);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (Down || Fails(n))
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                Accepted.Enqueue(new Batch(
                    long.Parse(context.Request.Headers["X-Synth-First-Sequence"]!, CultureInfo.InvariantCulture),
                    int.Parse(context.Request.Headers["X-Synth-Count"]!, CultureInfo.InvariantCulture),
                    context.Request.ContentType ?? "",
                    context.Request.Headers["X-Synth-Signature"],
                    context.Request.Headers["Idempotency-Key"],
                    body.ToArray()));
                context.Response.StatusCode = 204;
            }
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    /// <summary>One batch as it arrived.</summary>
    public sealed record Batch(long First, int Count, string ContentType, string? Signature, string? IdempotencyKey, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);

        /// <summary>Its records as JSON texts, one per record, whether it came as JSON Lines or as an array.</summary>
        public List<string> Lines()
        {
            if (ContentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                using var array = System.Text.Json.JsonDocument.Parse(Body);
                return [.. array.RootElement.EnumerateArray().Select(e => e.GetRawText())];
            }
            return [.. Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
    }
}
