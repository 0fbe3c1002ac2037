using System.Net;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Hostile;

/// <summary>
/// The progress hub's share of the fuzz suite, through the official JavaScript client: hostile
/// arguments (wrong types, nulls, huge or path-like ids, bad sequences, unknown methods, a message
/// over the size limit) are refused with the hub's own message, never SignalR's generic "unexpected
/// error" (the hub's 5xx), and the connection and the server stay usable.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileHubTests(HostileServerFixture server) : IClassFixture<HostileServerFixture>
{
    [Fact]
    public async Task Hostile_hub_invocations_are_refused_and_the_hub_keeps_serving()
    {
        RepositoryPaths.RequireSignalRClient();
        using var client = new ChildProcess("node", [Path.Combine(RepositoryPaths.SignalRClient, "hostile-hub.mjs"), server.Client.BaseAddress!.ToString(), server.Ids["{job}"]],
            RepositoryPaths.SignalRClient);
        var line = client.ReadLine(TimeSpan.FromMinutes(2));
        var report = JsonDocument.Parse(line).RootElement;

        var results = report.GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCountGreaterThanOrEqualTo(20);
        results.Where(r => r.GetProperty("outcome").GetString() == "crashed").Should().BeEmpty("the hub must refuse with its own message: {0}", line);
        results.Where(r => r.GetProperty("call").GetString()!.StartsWith("Join([null", StringComparison.Ordinal) || r.GetProperty("call").GetString()!.Contains("etc/passwd", StringComparison.Ordinal))
            .Should().OnlyContain(r => r.GetProperty("outcome").GetString() == "refused");
        report.GetProperty("stillWorks").ValueKind.Should().Be(JsonValueKind.True, line);
        report.GetProperty("oversized").GetString().Should().NotBe("crashed");
        (await server.Client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        server.PeakResidentBytes().Should().BeLessThan(1L << 30);
    }
}
