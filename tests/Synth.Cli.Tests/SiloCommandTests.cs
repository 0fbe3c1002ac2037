using System.Diagnostics;
using Npgsql;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;

namespace Synth.Cli.Tests;

/// <summary><c>synth silo</c> as an operator runs it: joins the cluster's membership table, leaves it cleanly on SIGTERM.</summary>
[Trait("Category", "Integration")]
public sealed class SiloCommandTests : IAsyncLifetime
{
    private readonly string _database = "synth_cli_" + Guid.NewGuid().ToString("N")[..12];
    private string _server = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING");
        if (string.IsNullOrEmpty(server)) Assert.Fail("SYNTH_TEST_PG_CONNSTRING is not set. Run ./test, which starts a private PostgreSQL and exports it.");
        _server = server;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection)) await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_server is null) return;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

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
