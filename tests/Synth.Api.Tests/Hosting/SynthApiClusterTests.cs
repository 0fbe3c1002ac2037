using System.Globalization;
using Npgsql;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Hosting;

/// <summary>
/// <c>synth api</c> in front of a <c>synth silo</c>, as separate processes on a real PostgreSQL (the
/// one ./test starts): the API hosts no grain, the silo runs the job, both share the artifact store.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SynthApiClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _database = "synth_api_" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempDirectory _dir = new();
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
        _dir.Dispose();
        if (_server is null) return;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_API_alone_in_mode_keys_sends_a_job_to_a_silo_serves_its_download_and_lists_the_silo_with_its_tags()
    {
        // Same working directory: both find the artifacts under ./synth-data/artifacts by default.
        var quiet = new Dictionary<string, string> { ["SYNTH_LOG_LEVEL"] = "warning", ["Logging__LogLevel__Default"] = "Warning" };
        using var silo = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "silo", "--postgres", _connectionString, "--name", "worker-1", "--tags", "gpu,fast",
            "--silo-port", FreePort(), "--gateway-port", FreePort(), "--advertise", "127.0.0.1"], _dir.Path, quiet);
        // The cluster's first admin key, made straight through an Orleans client; the API's default mode is keys.
        using var keys = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "keys", "create", "--postgres", _connectionString, "--name", "root", "--role", "admin"], _dir.Path, quiet);
        var secret = keys.ReadLine(Patience);
        keys.WaitForExit(Patience).Should().BeTrue();
        keys.Process.ExitCode.Should().Be(0, keys.Errors);
        using var api = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "api", "--postgres", _connectionString, "--port", "0"], _dir.Path, quiet);
        var url = api.ReadLine(Patience)["Synth is listening on ".Length..];
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        (await client.GetAsync("/jobs")).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized, "synth api needs a key by default");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);

        var job = await TestSupport.Jobs.RunToSuccessAsync(client, new { schemaText = TestSchemas.Seed, rows = 30_000, format = "jsonl", shardRows = 16_384 });
        var download = await client.GetByteArrayAsync($"/jobs/{job.GetProperty("id").GetString()}/download");
        var status = await (await client.GetAsync("/status")).ReadJsonAsync();

        download.Should().Equal(Reference.Generate(TestSchemas.Seed, 30_000, "jsonl"));
        status.GetProperty("mode").GetString().Should().Be("cluster");
        status.GetProperty("silos").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString(), string.Join(',', s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))))
            .Should().Equal([("worker-1", "Active", "fast,gpu")], "the API process is a client, not a silo, and the silo's tags come from its metadata");

        foreach (var process in new[] { api, silo })
        {
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", process.Process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            process.WaitForExit(Patience).Should().BeTrue();
            process.Process.ExitCode.Should().Be(0, process.Errors);
        }
    }
}
