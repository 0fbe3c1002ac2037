using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Progress;

/// <summary>The progress hub's <c>WatchStream</c> with the official JavaScript client: the live rate, the rows and a rate change, as a dashboard sees them.</summary>
[Trait("Category", "Integration")]
public sealed class StreamWatchTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_watcher_gets_a_sample_a_second_with_the_live_rate_and_the_last_rows_and_sees_a_rate_change()
    {
        RepositoryPaths.RequireSignalRClient();
        var created = await (await server.Client.PostAsJsonAsync("/streams", new { schemaText = TestSchemas.Seed, rate = 200, sequenceColumn = "seq" })).ReadJsonAsync();
        var id = created.GetProperty("id").GetString()!;

        using var before = Watch(id, 3);
        var slow = Read(before);
        await server.Client.PatchAsJsonAsync($"/streams/{id}", new { rate = 2000 });
        using var after = Watch(id, 3);
        var fast = Read(after);
        await server.Client.PostAsync($"/streams/{id}/stop", null);

        slow.GetProperty("outcome").GetString().Should().Be("ok");
        var samples = slow.GetProperty("samples").EnumerateArray().ToList();
        samples.Select(s => s.GetProperty("made").GetInt64()).Should().BeInAscendingOrder();
        var slowRate = samples[^1].GetProperty("recordsPerSecond").GetDouble();
        slowRate.Should().BePositive();
        var rows = samples[^1].GetProperty("rows").EnumerateArray().Select(r => JsonDocument.Parse(r.GetString()!).RootElement.GetProperty("seq").GetInt64()).ToList();
        rows.Should().HaveCount(5).And.BeInAscendingOrder();
        rows[^1].Should().Be(samples[^1].GetProperty("made").GetInt64() - 1, "the rows are the last ones made");
        fast.GetProperty("samples").EnumerateArray().Last().GetProperty("recordsPerSecond").GetDouble().Should().BeGreaterThan(2 * slowRate, "the new rate (10 times the old) shows in the next samples");
    }

    private ChildProcess Watch(string id, int count) =>
        new("node", [Path.Combine(RepositoryPaths.SignalRClient, "watch-stream.mjs"), server.Url, id, count.ToString(CultureInfo.InvariantCulture)], RepositoryPaths.SignalRClient);

    private static JsonElement Read(ChildProcess watcher)
    {
        var line = watcher.ReadLine(Patience);
        watcher.WaitForExit(Patience).Should().BeTrue();
        watcher.Process.ExitCode.Should().Be(0, $"{line}\n{watcher.Errors}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
