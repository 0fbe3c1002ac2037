using System.Globalization;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Progress;

/// <summary>
/// The progress hub with the official JavaScript client (tests/node-signalr): every event of a job
/// arrives once and in order, across a reconnect in the middle of the job, ending with success.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SignalRProgressTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Clients_that_reconnect_mid_job_receive_every_event_once_in_order_ending_with_success()
    {
        RepositoryPaths.RequireSignalRClient();
        // Big enough (gzip, 3M rows) to publish progress for a few seconds, so reconnects land mid-job.
        var id = await TestSupport.Jobs.SubmitAsync(server.Client, new { schemaText = TestSchemas.Seed, rows = 3_000_000, compression = "gzip", shardRows = 200_000 });

        // Three dashboards at once, reconnecting at different points; one starts after event 3,
        // possibly before the relay has broadcast that far.
        using var early = StartFollower(id, reconnectAfter: 2);
        using var late = StartFollower(id, reconnectAfter: 5);
        using var resuming = StartFollower(id, reconnectAfter: 2, startAfter: 3);
        var results = new[] { (ReadResult(early), 0), (ReadResult(late), 0), (ReadResult(resuming), 3) };

        foreach (var (result, startAfter) in results)
        {
            result.GetProperty("reconnected").GetBoolean().Should().BeTrue(result.ToString());
            var sequences = result.GetProperty("sequences").EnumerateArray().Select(s => s.GetInt64()).ToList();
            sequences.Should().Equal(Enumerable.Range(startAfter + 1, sequences.Count).Select(i => (long)i), "every event after {0} once, in order: {1}", startAfter, result);
            var statuses = result.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()).ToList();
            if (startAfter == 0) statuses[0].Should().Be("Queued");
            statuses[^1].Should().Be("Succeeded");
            statuses.SkipLast(1).Should().NotContain("Succeeded");
        }
        var job = await TestSupport.Jobs.WaitForFinalAsync(server.Client, id);
        job.GetProperty("status").GetString().Should().Be("Succeeded");
    }

    [Fact]
    public async Task A_client_joining_a_finished_job_gets_its_whole_history()
    {
        RepositoryPaths.RequireSignalRClient();
        var job = await TestSupport.Jobs.RunToSuccessAsync(server.Client, new { schemaText = TestSchemas.Seed, rows = 50_000, shardRows = 16_384 });
        var id = job.GetProperty("id").GetString()!;
        var sse = await (await server.Client.GetAsync($"/jobs/{id}/events")).Content.ReadAsStreamAsync();
        var events = await ServerSentEvents.ReadAllAsync(sse);

        using var follower = StartFollower(id, reconnectAfter: 1);
        var result = ReadResult(follower);

        result.GetProperty("sequences").EnumerateArray().Select(s => s.GetInt64().ToString(CultureInfo.InvariantCulture))
            .Should().Equal(events.Select(e => e.Id), "the hub and the SSE endpoint tell the same stream");
    }

    private ChildProcess StartFollower(string jobId, int reconnectAfter, int startAfter = 0) =>
        new("node", [Path.Combine(RepositoryPaths.SignalRClient, "follow-job.mjs"), server.Url, jobId,
            reconnectAfter.ToString(CultureInfo.InvariantCulture), startAfter.ToString(CultureInfo.InvariantCulture)], RepositoryPaths.SignalRClient);

    private static JsonElement ReadResult(ChildProcess follower)
    {
        var line = follower.ReadLine(Patience);
        follower.WaitForExit(Patience).Should().BeTrue();
        follower.Process.ExitCode.Should().Be(0, $"{line}\n{follower.Errors}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
