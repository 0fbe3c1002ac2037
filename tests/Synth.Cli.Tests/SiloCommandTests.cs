using System.Diagnostics;
using Npgsql;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using SiloStatus = Synth.Runtime.Storage.SiloStatus; // Orleans.Runtime (implicit using) has one too

namespace Synth.Cli.Tests;

/// <summary><c>synth silo</c> as an operator runs it: joins the cluster's membership table, leaves it cleanly on SIGTERM.</summary>
[Trait("Category", "Integration")]
public sealed class SiloCommandTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("synth_cli_");
        _connectionString = _database.ConnectionString;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_silo_joins_with_its_name_and_tags_and_leaves_as_stopped_on_SIGTERM()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "synth.dll"), "silo", "--postgres", _connectionString, "--tags", "gpu,fast", "--name", "edge-1" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        await using var store = new PostgresClusterStore(_connectionString);

        var joined = await WaitForAsync(store, s => s.Name == "edge-1" && s.Status == SiloStatus.Active);
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) await term.WaitForExitAsync();
        var exited = process.WaitForExit(TimeSpan.FromSeconds(20));
        var left = await WaitForAsync(store, s => s.Name == "edge-1" && s.Status == SiloStatus.Stopped);

        joined.Tags.Should().BeEquivalentTo(["gpu", "fast"]);
        exited.Should().BeTrue();
        process.ExitCode.Should().Be(0);
        left.SiloId.Should().Be(joined.SiloId);
    }

    private static async Task<SiloRecord> WaitForAsync(PostgresClusterStore store, Func<SiloRecord, bool> predicate)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var match = (await store.GetSilosAsync(CancellationToken.None)).FirstOrDefault(predicate);
                if (match is not null) return match;
            }
            catch (PostgresException)
            {
                // The silo has not created the tables yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the silo never reached the expected state");
    }
}
