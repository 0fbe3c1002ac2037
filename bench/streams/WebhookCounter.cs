using System.Globalization;
using System.Net;
using System.Net.Sockets;

/// <summary>A webhook on 127.0.0.1 that counts the records it receives by sequence number: how far they run with no gap, and how many came twice.</summary>
internal sealed class WebhookCounter : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HashSet<long> _seen = [];
    private long _contiguous;

    public WebhookCounter()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ListenAsync);
    }

    public string Url { get; }

    /// <summary>Records 0 .. Contiguous - 1 have all arrived.</summary>
    public long Contiguous { get { lock (_seen) return _contiguous; } }

    public long Highest { get; private set; } = -1;

    public long Duplicates { get; private set; }

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
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            var first = long.Parse(context.Request.Headers["X-Synth-First-Sequence"]!, CultureInfo.InvariantCulture);
            var count = int.Parse(context.Request.Headers["X-Synth-Count"]!, CultureInfo.InvariantCulture);
            lock (_seen)
            {
                for (var s = first; s < first + count; s++)
                {
                    if (!_seen.Add(s)) Duplicates++;
                }
                while (_seen.Contains(_contiguous)) _contiguous++;
                Highest = Math.Max(Highest, first + count - 1);
            }
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
