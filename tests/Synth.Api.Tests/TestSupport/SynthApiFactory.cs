using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Synth.Cli.Hosting;

namespace Synth.Api.Tests.TestSupport;

/// <summary>
/// The embedded server as <c>synth serve</c> builds it (the API co-hosted with one Orleans silo and
/// its shard worker), over the in-memory test server, with a data directory of its own. One per test class.
/// </summary>
public class SynthApiFactory : IAsyncLifetime
{
    private WebApplication? _app;

    public TempDirectory Data { get; } = new();

    public IServiceProvider Services => App.Services;

    private WebApplication App => _app ?? throw new InvalidOperationException("the server has not started");

    /// <summary>Extra settings (Synth:Api:…) for factories that test limits.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Runs on the builder before the server's services are added.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public HttpClient CreateClient() => App.GetTestClient();

    public async Task InitializeAsync()
    {
        _app = SynthServer.BuildEmbedded(new SynthServerOptions
        {
            DataDirectory = Data.Path,
            ConfigureBuilder = builder =>
            {
                builder.WebHost.UseTestServer();
                var settings = new Dictionary<string, string?> { ["SYNTH_LOG_LEVEL"] = "warning" }; // tests stay quiet unless something goes wrong
                foreach (var (key, value) in Settings) settings[key] = value;
                builder.Configuration.AddInMemoryCollection(settings);
                Configure(builder);
            },
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Data.Dispose();
    }
}
