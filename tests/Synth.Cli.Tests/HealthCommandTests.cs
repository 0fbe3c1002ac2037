using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Synth.TestSupport;

namespace Synth.Cli.Tests;

/// <summary><c>synth health URL</c>, the containers' health check, against a real HTTP endpoint on loopback.</summary>
[Trait("Category", "Integration")]
public sealed class HealthCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private WebApplication _server = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _server = builder.Build();
        _server.MapGet("/healthz", () => Results.Ok(new { status = "Healthy" }));
        _server.MapGet("/readyz", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        await _server.StartAsync();
        _url = _server.Urls.First();
    }

    [Fact]
    public void A_healthy_endpoint_exits_0()
    {
        var result = SynthProcess.Run(_directory.Path, "health", _url + "/healthz");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("healthy");
    }

    [Fact]
    public void An_unhealthy_endpoint_exits_1_naming_the_status()
    {
        var result = SynthProcess.Run(_directory.Path, "health", _url + "/readyz");

        result.ExitCode.Should().Be(1);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error:").And.Contain("503");
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_exits_1()
    {
        var url = _url;
        await _server.StopAsync(); // nothing listens there any more

        var result = SynthProcess.Run(_directory.Path, "health", url + "/healthz");

        result.ExitCode.Should().Be(1);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error:").And.Contain("did not answer");
    }

    [Fact]
    public void A_url_that_is_not_http_is_bad_input()
    {
        var result = SynthProcess.Run(_directory.Path, "health", "ftp://127.0.0.1/healthz");

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: url:");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}
