using Synth.TestSupport;

namespace Synth.Cli.Tests;

/// <summary>
/// A test of real <c>synth silo</c> processes (<see cref="SiloProcesses"/>) with a PostgreSQL
/// database and an artifact directory of its own: silos killed by one test stay "active" in its
/// membership table until declared dead, which would slow the next test's silos joining.
/// </summary>
public abstract class ClusterTest : IAsyncLifetime
{
    protected PostgresDatabase Database { get; private set; } = null!;

    private protected TempDirectory Artifacts { get; } = new();

    public async Task InitializeAsync() => Database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        Artifacts.Dispose();
        await Database.DisposeAsync();
    }

    /// <summary>Silo processes of this test's cluster (none started yet).</summary>
    internal SiloProcesses NewSilos() => new(Database.ConnectionString, Artifacts.Path);
}
