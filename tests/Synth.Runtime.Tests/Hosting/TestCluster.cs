using Synth.Runtime.Hosting;
using Synth.Runtime.Storage;
using Synth.Runtime.TestHost;

namespace Synth.Runtime.Tests.Hosting;

/// <summary>
/// Silos started in this process against one store (Orleans' in-process test cluster). Each
/// silo gets its own store instance on the same database, as separate processes would.
/// </summary>
internal sealed class TestCluster(Func<Task<IClusterStore>> createStore) : IAsyncDisposable
{
    private readonly List<(Silo Silo, IClusterStore Store)> _silos = [];

    public IReadOnlyList<Silo> Silos => _silos.Select(s => s.Silo).ToList();

    public static SiloOptions FastOptions(params string[] tags) => new()
    {
        Tags = [.. tags],
        HeartbeatPeriod = TimeSpan.FromMilliseconds(250),
        DeathTimeout = TimeSpan.FromSeconds(2),
        ReminderPollPeriod = TimeSpan.FromMilliseconds(250),
    };

    public async Task<Silo> StartSiloAsync(SiloOptions? options = null)
    {
        var store = await createStore();
        var silo = new Silo(store, TestGrains.Registry(), options ?? FastOptions());
        await silo.StartAsync(CancellationToken.None);
        _silos.Add((silo, store));
        return silo;
    }

    /// <summary>Kills a silo without telling anyone, as a crash would.</summary>
    public async Task CrashAsync(Silo silo)
    {
        var entry = _silos.Single(s => s.Silo == silo);
        await silo.CrashAsync();
        await entry.Store.DisposeAsync();
        _silos.Remove(entry);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (silo, store) in _silos)
        {
            await silo.StopAsync(CancellationToken.None);
            await store.DisposeAsync();
        }
        _silos.Clear();
    }
}
