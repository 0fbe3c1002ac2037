using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Synth.Silo.Tests;

/// <summary>
/// One in-process silo (Orleans TestingHost) configured with the providers under test, so that a
/// provider is built, serialises and starts exactly as in a real silo; tests then call the
/// provider's interface directly.
/// </summary>
public sealed class ProviderSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private ProviderSilo(InProcessTestCluster cluster) => _cluster = cluster;

    public static async Task<ProviderSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => configure(silo));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ProviderSilo(cluster);
    }

    public IServiceProvider Services => _cluster.GetSiloServiceProvider();

    public IGrainStorage GrainStorage(string name) => Services.GetRequiredKeyedService<IGrainStorage>(name);

    public IReminderTable ReminderTable => Services.GetRequiredService<IReminderTable>();

    /// <summary>Stops the silo and starts a new one on the same configuration: providers reopen their storage.</summary>
    public async Task RestartAsync()
    {
        foreach (var silo in _cluster.Silos.ToArray()) await _cluster.RestartSiloAsync(silo);
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
