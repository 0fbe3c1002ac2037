using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Synth.Api.Tests.TestSupport;

/// <summary>
/// The embedded server (API, silo, shard worker) over the in-memory test server, on a SQLite
/// database and a local artifact directory of its own. One per test class.
/// </summary>
public class SynthApiFactory : WebApplicationFactory<Program>
{
    public TempDirectory Data { get; } = new();

    /// <summary>Extra settings (Synth:Api:…) for factories that test limits.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Synth:DataDirectory", Data.Path);
        // Tests stay quiet unless something goes wrong.
        builder.UseSetting("SYNTH_LOG_LEVEL", "warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Data.Dispose();
    }
}
