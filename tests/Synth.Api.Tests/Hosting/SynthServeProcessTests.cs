using System.Globalization;
using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Hosting;

/// <summary><c>synth serve</c> as a user runs it: a real process on a free port, driven over HTTP, stopped with SIGTERM.</summary>
[Trait("Category", "Integration")]
public sealed class SynthServeProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_job_of_synth_serve_killed_with_9_completes_byte_identical_after_a_restart_on_the_same_data_directory()
    {
        const int rows = 3_000_000;
        var quiet = new Dictionary<string, string> { ["SYNTH_LOG_LEVEL"] = "warning", ["Synth__Jobs__Threads"] = "1" };
        string id;
        using (var first = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "serve", "--port", "0", "--data-dir", "data"], _dir.Path, quiet))
        {
            using var client = new HttpClient { BaseAddress = new Uri(first.ReadLine(Patience)["Synth is listening on ".Length..]) };
            id = await TestSupport.Jobs.SubmitAsync(client, new { schemaText = TestSchemas.Seed, rows, format = "csv", seed = 9, shardRows = 200_000 });
            // Kill once some shards are done and before the job ends.
            while (true)
            {
                var job = await (await client.GetAsync($"/jobs/{id}")).ReadJsonAsync();
                job.GetProperty("status").GetString().Should().NotBe("Succeeded", "the kill must come before the job ends");
                if (job.GetProperty("progress").GetProperty("shardsDone").GetInt32() > 0) break;
                await Task.Delay(50);
            }
            using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", first.Process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            first.WaitForExit(Patience).Should().BeTrue();
        }

        using var second = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "serve", "--port", "0", "--data-dir", "data"], _dir.Path, quiet);
        using var again = new HttpClient { BaseAddress = new Uri(second.ReadLine(Patience)["Synth is listening on ".Length..]) };
        var final = await TestSupport.Jobs.WaitForFinalAsync(again, id);
        var download = await again.GetByteArrayAsync($"/jobs/{id}/download");

        final.GetProperty("status").GetString().Should().Be("Succeeded");
        download.Should().Equal(Reference.Generate(TestSchemas.Seed, rows, "csv", seed: 9));
    }

    [Fact]
    public async Task Serve_prints_its_url_runs_a_job_to_a_download_and_stops_cleanly_on_SIGTERM()
    {
        using var serve = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "serve", "--port", "0", "--data-dir", "data"], _dir.Path,
            new Dictionary<string, string> { ["SYNTH_LOG_LEVEL"] = "warning" });
        var line = serve.ReadLine(Patience);
        line.Should().MatchRegex(@"^Synth is listening on http://127\.0\.0\.1:\d+$");
        var url = line["Synth is listening on ".Length..];
        using var client = new HttpClient { BaseAddress = new Uri(url) };

        var job = await TestSupport.Jobs.RunToSuccessAsync(client, new { schemaText = TestSchemas.Seed, rows = 50_000, format = "parquet", seed = 5, shardRows = 16_384 });
        var download = await client.GetByteArrayAsync($"/jobs/{job.GetProperty("id").GetString()}/download");

        download.Should().Equal(Reference.Generate(TestSchemas.Seed, 50_000, "parquet", seed: 5));
        File.Exists(_dir.File("data/cluster.db")).Should().BeTrue("--data-dir holds the embedded database");

        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", serve.Process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        serve.WaitForExit(Patience).Should().BeTrue();
        serve.Process.ExitCode.Should().Be(0, serve.Errors);
    }

    [Fact]
    public void Serve_refuses_a_bad_port_from_the_environment_with_exit_code_2_naming_it()
    {
        using var serve = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "serve"], _dir.Path, new Dictionary<string, string> { ["SYNTH_API_PORT"] = "eighty" });

        serve.WaitForExit(Patience).Should().BeTrue();
        serve.Process.ExitCode.Should().Be(2);
        serve.Errors.Should().Contain("SYNTH_API_PORT: 'eighty' is not a port number");
    }

    [Fact]
    public void A_taken_port_is_reported_as_an_error_line()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var serve = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", "data"], _dir.Path,
            new Dictionary<string, string> { ["SYNTH_LOG_LEVEL"] = "error" });

        serve.WaitForExit(Patience).Should().BeTrue();
        serve.Process.ExitCode.Should().NotBe(0);
        serve.Errors.Should().Contain("error:").And.Contain(port.ToString(CultureInfo.InvariantCulture));
    }
}
