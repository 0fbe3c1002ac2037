using System.Net;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Jobs;

/// <summary><c>GET /jobs/{id}/events</c>: server-sent progress events, replayable after any sequence number.</summary>
public sealed class JobEventsTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Following_a_job_from_the_start_gives_every_event_in_order_ending_with_success()
    {
        var id = await TestSupport.Jobs.SubmitAsync(_client, new { schemaText = TestSchemas.Seed, rows = 100_000, shardRows = 16_384 });

        var (response, events) = await ReadEventsAsync($"/jobs/{id}/events");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        events.Should().NotBeEmpty().And.OnlyContain(e => e.Event == "progress");
        events.Select(e => long.Parse(e.Id!)).Should().Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), "sequences start at 1 with no gaps");
        Status(events[^1]).Should().Be("Succeeded");
        events.SkipLast(1).Should().OnlyContain(e => Status(e) != "Succeeded");
        var last = JsonDocument.Parse(events[^1].Data).RootElement;
        last.GetProperty("jobId").GetString().Should().Be(id);
        last.GetProperty("progress").GetProperty("rowsDone").GetInt64().Should().Be(100_000);
    }

    [Fact]
    public async Task After_N_replays_only_the_events_after_N_and_Last_Event_ID_wins_over_after()
    {
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 100_000, shardRows = 16_384 });
        var id = job.GetProperty("id").GetString();
        var (_, all) = await ReadEventsAsync($"/jobs/{id}/events");
        all.Count.Should().BeGreaterThan(1, "a job publishes at least its queued and succeeded events");

        var (_, afterOne) = await ReadEventsAsync($"/jobs/{id}/events?after=1");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}/events?after=0") { Headers = { { "Last-Event-ID", (all.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) } } };
        var (_, resumed) = await ReadEventsAsync(request);

        afterOne.Select(e => e.Id).Should().Equal(all.Skip(1).Select(e => e.Id));
        afterOne.Select(e => e.Data).Should().Equal(all.Skip(1).Select(e => e.Data));
        resumed.Select(e => e.Id).Should().Equal(all[^1].Id);
    }

    [Fact]
    public async Task After_the_last_event_of_a_finished_job_the_stream_ends_empty()
    {
        var id = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString();
        var (_, all) = await ReadEventsAsync($"/jobs/{id}/events");

        var (response, none) = await ReadEventsAsync($"/jobs/{id}/events?after={all[^1].Id}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        none.Should().BeEmpty();
    }

    [Theory]
    [InlineData("after", "-1")]
    [InlineData("after", "soon")]
    [InlineData("Last-Event-ID", "x")]
    public async Task A_bad_position_is_a_400_problem_naming_where_it_came_from(string field, string value)
    {
        var id = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString();
        var request = field == "after"
            ? new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}/events?after={value}")
            : new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}/events") { Headers = { { field, value } } };

        var problem = await (await _client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(field).Should().ContainMatch($"*'{value}'*");
    }

    private Task<(HttpResponseMessage, IReadOnlyList<ServerSentEvent>)> ReadEventsAsync(string url) => ReadEventsAsync(new HttpRequestMessage(HttpMethod.Get, url));

    private async Task<(HttpResponseMessage, IReadOnlyList<ServerSentEvent>)> ReadEventsAsync(HttpRequestMessage request)
    {
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (response, await ServerSentEvents.ReadAllAsync(await response.Content.ReadAsStreamAsync()));
    }

    private static string? Status(ServerSentEvent e) => JsonDocument.Parse(e.Data).RootElement.GetProperty("status").GetString();
}
