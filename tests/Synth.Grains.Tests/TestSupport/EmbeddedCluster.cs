using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synth.Grains;
using Synth.Runtime.Hosting;
using Synth.Runtime.Grains;
using Synth.Runtime.Streams;
using Synth.Storage;

namespace Synth.Grains.Tests.TestSupport;

/// <summary>
/// The embedded server's runtime without the API: one silo on a fresh SQLite database (or of a
/// PostgreSQL cluster), the product grains, a shard worker and a local artifact directory, all in
/// a temp dir deleted at the end.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private readonly bool _ownsDirectory;

    private EmbeddedCluster(IHost host, string directory, bool ownsDirectory)
    {
        _host = host;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public GrainStreams Streams => _host.Services.GetRequiredService<Synth.Runtime.Calls.ClusterClient>().Streams;

    public IArtifactStore Artifacts => _host.Services.GetRequiredService<IArtifactStore>();

    /// <param name="wrapArtifacts">Decorates the artifact store (fault injection).</param>
    /// <param name="directory">An existing data directory (a restart), kept at the end; default a new temp one, deleted at the end.</param>
    /// <param name="postgres">A PostgreSQL connection string: a silo of that cluster instead of the embedded SQLite one.</param>
    public static async Task<EmbeddedCluster> StartAsync(Func<IArtifactStore, IArtifactStore>? wrapArtifacts = null, int threads = 2, string? directory = null, string? postgres = null)
    {
        var ownsDirectory = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "synth-grains-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Synth:Sqlite"] = Path.Combine(directory, "cluster.db"),
            ["Synth:Artifacts:Local:RootDirectory"] = Path.Combine(directory, "artifacts"),
            ["Synth:Jobs:Threads"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Synth:Jobs:ReportPeriod"] = "00:00:00.100",
            ["Synth:Postgres"] = postgres,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSynthSilo(r => r.AddSynthGrains()).AddSynthArtifacts().AddShardWorker();
        if (wrapArtifacts is not null)
        {
            var options = new ArtifactStoreOptions();
            builder.Configuration.GetSection(ArtifactStoreOptions.SectionName).Bind(options);
            builder.Services.AddSingleton(_ => wrapArtifacts(ArtifactStores.Create(options)));
        }
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedCluster(host, directory, ownsDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (!_ownsDirectory) return;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
