using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Synth.Cli.Hosting;

namespace Synth.Api.Tests.TestSupport;

/// <summary>
/// The embedded server on real Kestrel sockets (127.0.0.1, a free port), in this process: for
/// clients that need a network (the Node SignalR client), which the in-memory test server is not.
/// </summary>
public class KestrelServer : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private WebApplication? _app;

    public string Url { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the server has not started");

    /// <summary>Extra settings (Synth:Auth:…) for servers that test them.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        _app = SynthServer.BuildEmbedded(new SynthServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = _data.Path,
            ConfigureBuilder = b =>
            {
                var settings = new Dictionary<string, string?> { ["SYNTH_LOG_LEVEL"] = "warning" };
                foreach (var (key, value) in Settings) settings[key] = value;
                b.Configuration.AddInMemoryCollection(settings);
            },
        });
        await _app.StartAsync();
        Url = SynthServer.ListeningUrl(_app);
        Client = new HttpClient { BaseAddress = new Uri(Url) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}
