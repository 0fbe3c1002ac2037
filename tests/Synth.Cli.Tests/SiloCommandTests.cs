using Synth.TestSupport;

namespace Synth.Cli.Tests;

/// <summary><c>synth silo</c> as an operator runs it: joins Orleans' membership table on PostgreSQL, leaves it cleanly on SIGTERM.</summary>
[Trait("Category", "Integration")]
public sealed class SiloCommandTests : IAsyncLifetime
{
    // A database per test: silos killed by one test stay "active" in its membership table until declared dead, which would slow the next test's silos joining.
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    /// <summary>Orleans' SiloStatus values as the membership table stores them.</summary>
    private const int Active = 3;
    private const int Dead = 6;

    private readonly TempDirectory _artifacts = new();

    public async Task DisposeAsync()
    {
        _artifacts.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_silo_migrates_an_empty_database_joins_with_its_name_and_leaves_as_dead_on_SIGTERM()
    {
        await using var silos = new SiloProcesses(_database.ConnectionString, _artifacts.Path);
        var process = silos.Start("edge-1", tags: "gpu,fast");

        await Eventually(async () => await StatusOfAsync("edge-1") == Active);
        await SiloProcesses.SignalAsync(process, "TERM");
        var exited = process.WaitForExit(TimeSpan.FromSeconds(30));
        await Eventually(async () => await StatusOfAsync("edge-1") == Dead);

        exited.Should().BeTrue();
        process.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Three_silos_started_together_on_an_empty_database_all_come_up()
    {
        await using var silos = new SiloProcesses(_database.ConnectionString, _artifacts.Path);
        foreach (var name in new[] { "s1", "s2", "s3" }) silos.Start(name);

        // They race to migrate the _database; the advisory lock lets one apply it and the others find it done.
        await Eventually(async () => await ActiveCountAsync() == 3);

        silos.Silos.Should().OnlyContain(p => !p.HasExited);
    }

    [Fact]
    public async Task A_silo_with_a_metrics_port_serves_Prometheus_metrics_with_Orleans_meters_and_its_health_there()
    {
        await using var silos = new SiloProcesses(_database.ConnectionString, _artifacts.Path);
        var port = SiloProcesses.FreePort();
        silos.Start("metered", environment: new Dictionary<string, string> { ["Synth__Silo__MetricsPort"] = port });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await Eventually(async () => await StatusCodeAsync(http, "/readyz") == 200);
        (await StatusCodeAsync(http, "/healthz")).Should().Be(200);
        var metrics = await http.GetStringAsync("/metrics");

        metrics.Split('\n').Should().Contain(l => l.StartsWith("orleans_", StringComparison.Ordinal), "the silo exports Orleans' meters without credentials");
    }

    private static async Task<int?> StatusCodeAsync(HttpClient http, string path)
    {
        try
        {
            return (int)(await http.GetAsync(path)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    [Fact]
    public void A_silo_told_it_runs_in_Kubernetes_outside_a_pod_refuses_to_start_naming_the_missing_pod_variable()
    {
        var result = SynthProcess.Run(_artifacts.Path, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "None" },
            "silo", "--postgres", _database.ConnectionString, "--kubernetes", "--name", "k8s-1");

        result.ExitCode.Should().Be(2, result.Stderr);
        result.ErrorLines.Should().ContainSingle(l => l.StartsWith("error:", StringComparison.Ordinal)).Which.Should().Contain("POD_NAMESPACE");
    }

    private async Task<long?> ActiveCountAsync()
    {
        try
        {
            return await _database.ScalarAsync<long?>($"SELECT count(DISTINCT silo_name) FROM orleans_membership WHERE status = {Active}");
        }
        catch (Npgsql.PostgresException)
        {
            return null; // no silo has migrated the _database yet
        }
    }

    private async Task<int?> StatusOfAsync(string name)
    {
        try
        {
            return await _database.ScalarAsync<int?>($"SELECT status FROM orleans_membership WHERE silo_name = '{name}' ORDER BY generation DESC LIMIT 1");
        }
        catch (Npgsql.PostgresException)
        {
            return null; // the silo has not migrated the _database yet
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the silo never reached the expected state");
            await Task.Delay(200);
        }
    }
}
