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
