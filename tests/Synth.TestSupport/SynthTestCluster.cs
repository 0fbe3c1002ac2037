using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Synth.Grains;
using Synth.Silo.Hosting;
using Synth.Storage;
using Synth.Storage.Local;

namespace Synth.TestSupport;

/// <summary>
/// The one cluster fixture: Orleans' TestingHost with N in-process silos (2 by default), each
/// configured as a Synth silo (grains, grain storage and reminders in one SQLite file, a shard worker),
/// sharing one artifact store in a temp directory, and a client. Silos can be added, stopped or
/// killed during a test; the directory is deleted at the end.
/// </summary>
public sealed class SynthTestCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private SynthTestCluster(InProcessTestCluster cluster, string directory, IArtifactStore artifacts)
    {
        _cluster = cluster;
        Directory = directory;
        Artifacts = artifacts;
    }

    /// <summary>Where the artifacts are (artifacts/).</summary>
    public string Directory { get; }

    /// <summary>The store every silo writes shards to.</summary>
    public IArtifactStore Artifacts { get; }

    /// <summary>A client of the cluster (what the API holds).</summary>
    public IClusterClient Client => _cluster.Client;

    public IGrainFactory Grains => _cluster.Client;

    /// <summary>The cluster, to add, stop or kill silos.</summary>
    public InProcessTestCluster Cluster => _cluster;

    /// <param name="silos">Silos started at once.</param>
    /// <param name="threads">Encoding threads per shard.</param>
    /// <param name="wrapArtifacts">Decorates the shared artifact store (fault injection); called once.</param>
    /// <param name="tags">Placement tags of every silo.</param>
    /// <param name="postgres">A PostgreSQL connection string: grain storage and reminders on it (ADO.NET) instead of the embedded SQLite file.</param>
    public static async Task<SynthTestCluster> StartAsync(short silos = 2, int threads = 1, Func<IArtifactStore, IArtifactStore>? wrapArtifacts = null,
        IReadOnlyList<string>? tags = null, string? postgres = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "synth-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        IArtifactStore artifacts = new LocalArtifactStore(Path.Combine(directory, "artifacts"));
        if (wrapArtifacts is not null) artifacts = wrapArtifacts(artifacts);
        var builder = new InProcessTestClusterBuilder(silos);
        // Every silo of the cluster shares one SQLite file (they run in this process), so state outlives a silo.
        var sqlite = Path.Combine(directory, "cluster.db");
        builder.ConfigureSilo((_, silo) => silo.AddSynthProviders(postgres, sqlite));
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Synth:Jobs:Threads"] = threads.ToString(CultureInfo.InvariantCulture),
                ["Synth:Jobs:ReportPeriod"] = "00:00:00.100",
                ["Synth:Jobs:PollPeriod"] = "00:00:00.500",
            });
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Services.AddSingleton(artifacts);
            host.AddSiloWorkers(tags ?? []);
        });
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new SynthTestCluster(cluster, directory, artifacts);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
