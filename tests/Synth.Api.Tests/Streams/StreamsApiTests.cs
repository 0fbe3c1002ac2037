using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Streams;

/// <summary><c>/streams</c> on the embedded server: start, follow, pause, resume, change the rate, stop; bad input named.</summary>
public sealed class StreamsApiTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static object Definition(object? rate = null, long? limit = null, object? driftPlan = null) => new
    {
        schemaText = TestSchemas.Seed,
        seed = 3,
        rate = rate ?? "max",
        limit,
        rollRecords = 5_000,
        format = "csv",
        sequenceColumn = "seq",
        conceptColumn = "concept",
        driftPlan = driftPlan ?? new { events = new object[] { new { kind = "sudden", at = 10_000, fields = new { income = new { mean = 90_000 } } } } },
    };

    [Fact]
    public async Task A_limited_stream_runs_to_its_limit_and_lists_its_files()
    {
        var created = await _client.PostAsJsonAsync("/streams", Definition(limit: 12_000));

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().Should().Be($"/streams/{id}");
        var final = await WaitAsync(id, s => s.GetProperty("status").GetString() == "Stopped");
        final.GetProperty("emitted").GetInt64().Should().Be(12_000);
        final.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("count").GetInt64()).Should().Equal(5_000, 5_000, 2_000);
        (await (await _client.GetAsync("/streams")).ReadJsonAsync()).EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Contain(id);
    }

    [Fact]
    public async Task A_stream_is_paused_resumed_rerated_and_stopped_and_a_stopped_one_cannot_resume()
    {
        var id = (await (await _client.PostAsJsonAsync("/streams", Definition(rate: 500))).ReadJsonAsync()).GetProperty("id").GetString()!;

        var paused = await (await _client.PostAsync($"/streams/{id}/pause", null)).ReadJsonAsync();
        var resumed = await (await _client.PostAsync($"/streams/{id}/resume", null)).ReadJsonAsync();
        var rerated = await _client.PatchAsJsonAsync($"/streams/{id}", new { rate = 2000.5 });
        var stopped = await (await _client.PostAsync($"/streams/{id}/stop", null)).ReadJsonAsync();
        var again = await _client.PostAsync($"/streams/{id}/resume", null);

        paused.GetProperty("status").GetString().Should().Be("Paused");
        resumed.GetProperty("status").GetString().Should().Be("Running");
        rerated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await rerated.ReadJsonAsync()).GetProperty("rate").GetDouble().Should().Be(2000.5);
        stopped.GetProperty("status").GetString().Should().Be("Stopped");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.ReadJsonAsync()).GetProperty("detail").GetString().Should().Contain("stopped");
    }

    [Fact]
    public async Task Server_sent_events_carry_every_record_by_its_number_and_resume_after_the_last_event_id()
    {
        var id = (await (await _client.PostAsJsonAsync("/streams", new { schemaText = TestSchemas.Seed, seed = 4, rate = 2000, limit = 600, format = "csv" })).ReadJsonAsync())
            .GetProperty("id").GetString()!;

        var all = await ServerSentEvents.ReadAllAsync(await _client.GetStreamAsync($"/streams/{id}/events?after=-1"));
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/streams/{id}/events");
        resume.Headers.Add("Last-Event-ID", "449");
        var rest = await ServerSentEvents.ReadAllAsync(await (await _client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead)).Content.ReadAsStreamAsync());

        all.Select(e => e.Id).Should().Equal(Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "every record once, in order, until the stream stops");
        all.Should().OnlyContain(e => e.Event == "record");
        all.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("id").GetInt64()).Should().HaveCount(600, "each event is one record as JSON, whatever the stream's file format");
        rest.Should().Equal(all.Skip(450), "a client resumes exactly after the last event it saw");
    }

    [Fact]
    public async Task A_definition_that_does_not_compile_is_a_422_naming_the_plans_field_and_no_stream_is_kept()
    {
        var before = (await (await _client.GetAsync("/streams")).ReadJsonAsync()).GetArrayLength();

        var response = await _client.PostAsJsonAsync("/streams", Definition(driftPlan: new { events = new object[] { new { kind = "sudden", at = 5, fields = new { incme = new { mean = 1 } } } } }));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        errors.GetProperty("driftPlan.events[0].fields.incme")[0].GetString().Should().Contain("no field 'incme'");
        (await (await _client.GetAsync("/streams")).ReadJsonAsync()).GetArrayLength().Should().Be(before);
    }

    [Theory]
    [InlineData("""{"rate": "fast"}""", "rate")]
    [InlineData("""{"rate": -1}""", "rate")]
    [InlineData("""{"rate": 5, "driftPlan": 7}""", "driftPlan")]
    [InlineData("""{"rate": 5}""", "schemaText")]
    public async Task A_request_of_the_wrong_form_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync("/streams", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_stream_posts_to_its_webhook_and_shows_its_sinks_health_with_their_secrets_hidden()
    {
        await using var receiver = new Synth.TestSupport.WebhookReceiver();
        var created = await _client.PostAsJsonAsync("/streams", new
        {
            schemaText = TestSchemas.Seed,
            seed = 8,
            rate = "max",
            limit = 2_000,
            sinks = new object[]
            {
                new { kind = "webhook", url = receiver.Url.ToString(), secret = "hush", format = "json" },
                new { kind = "postgres", name = "warehouse", connection = "Host=127.0.0.1;Port=1;Password=topsecret", table = "events" },
            },
        });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;

        var stream = await WaitAsync(id, s => s.GetProperty("sinks").EnumerateArray().Any(k => k.GetProperty("failures").GetInt32() >= 3));
        await _client.PostAsync($"/streams/{id}/stop", null);

        var text = stream.GetRawText();
        text.Should().NotContain("hush").And.NotContain("topsecret");
        stream.GetProperty("status").GetString().Should().Be("Degraded");
        stream.GetProperty("error").GetString().Should().StartWith("sink 'warehouse' (postgres) failed");
        stream.GetProperty("spec").GetProperty("sinks")[1].GetProperty("connection").GetString().Should().Be("Host=127.0.0.1;Port=1;Password=***");
        receiver.Accepted.Should().NotBeEmpty("the webhook took the first batch before the database refused it");
    }

    [Theory]
    [InlineData("""{"kind": "webhook", "url": "ftp://x"}""", "sinks[0].url")]
    [InlineData("""{"kind": "smtp"}""", "sinks[0].kind")]
    [InlineData("""{"kind": "postgres", "connection": "Host=x", "table": "a;drop"}""", "sinks[0].table")]
    [InlineData("""{"kind": "rabbitmq", "connection": "amqp://127.0.0.1/"}""", "sinks[0].routingKey")]
    [InlineData("""{"kind": "kafka", "connection": "127.0.0.1:9092", "topic": "t", "keyField": "nope"}""", "sinks[0].keyField")]
    public async Task A_bad_sink_is_a_422_naming_its_field_and_no_stream_is_kept(string sink, string field)
    {
        var before = (await (await _client.GetAsync("/streams")).ReadJsonAsync()).GetArrayLength();
        var body = $$"""{"schemaText": {{JsonSerializer.Serialize(TestSchemas.Seed)}}, "rate": 5, "sinks": [{{sink}}]}""";

        var response = await _client.PostAsync("/streams", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
        (await (await _client.GetAsync("/streams")).ReadJsonAsync()).GetArrayLength().Should().Be(before);
    }

    [Fact]
    public async Task A_patch_changes_the_drift_plan_from_the_next_record_and_the_sinks_and_a_bad_one_changes_nothing()
    {
        var id = (await (await _client.PostAsJsonAsync("/streams", Definition(rate: 1000))).ReadJsonAsync()).GetProperty("id").GetString()!;

        var planned = await _client.PatchAsJsonAsync($"/streams/{id}", new { driftPlan = "events: [{kind: sudden, at: 0, fields: {income: {mean: 1}}}]" });
        var resinked = await _client.PatchAsJsonAsync($"/streams/{id}", new { sinks = new object[] { new { kind = "files" }, new { kind = "discard" } } });
        var refused = await _client.PatchAsJsonAsync($"/streams/{id}", new { rate = 5, driftPlan = new { events = new object[] { new { kind = "sudden", at = 1, fields = new { nope = new { mean = 1 } } } } } });
        var empty = await _client.PatchAsJsonAsync($"/streams/{id}", new { });
        var after = await (await _client.GetAsync($"/streams/{id}")).ReadJsonAsync();
        await _client.PostAsync($"/streams/{id}/stop", null);

        planned.StatusCode.Should().Be(HttpStatusCode.OK);
        (await planned.ReadJsonAsync()).GetProperty("planChanges")[0].GetProperty("from").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        (await resinked.ReadJsonAsync()).GetProperty("sinks").EnumerateArray().Select(k => k.GetProperty("name").GetString()).Should().Equal("files", "discard");
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadJsonAsync()).GetProperty("errors").TryGetProperty("driftPlan.events[0].fields.nope", out _).Should().BeTrue();
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        after.GetProperty("rate").GetDouble().Should().Be(1000, "a refused update changes nothing");
        after.GetProperty("planChanges").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Ids_are_checked_and_an_unknown_stream_is_a_404()
    {
        (await _client.GetAsync("/streams/nope")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _client.GetAsync("/streams/s00000000000000000000")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.PostAsync("/streams/s00000000000000000000/pause", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<JsonElement> WaitAsync(string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var stream = await (await _client.GetAsync($"/streams/{id}")).ReadJsonAsync();
            if (condition(stream)) return stream;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the stream never got there: {stream}");
            await Task.Delay(100);
        }
    }
}
