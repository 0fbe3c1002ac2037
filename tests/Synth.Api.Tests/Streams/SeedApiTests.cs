using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Streams;

/// <summary>The seed's streaming endpoints (<c>/generators</c>, <c>/streamers</c>, <c>/start</c>, <c>/stop</c>, <c>/config</c>) on the embedded server.</summary>
public sealed class SeedApiTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_streamer_of_a_generator_streams_at_the_configs_pace_and_start_stop_pause_and_resume_all()
    {
        var generator = Unique("gen-");
        var streamer = Unique("str-");
        var created = await _client.PostAsJsonAsync("/generators", new { name = generator, schema = JsonDocument.Parse(TestSchemas.Seed).RootElement, seed = 5 });
        var config = await _client.PostAsJsonAsync("/config", new { frequency = 0.5, batchSize = 40 });
        var started = await _client.PostAsJsonAsync("/streamers", new { name = streamer, generator });

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await config.ReadJsonAsync()).GetProperty("rate").GetDouble().Should().Be(80);
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var stream = (await started.ReadJsonAsync()).GetProperty("stream");
        stream.GetProperty("rate").GetDouble().Should().Be(80, "batch size / frequency");
        stream.GetProperty("spec").GetProperty("batchSize").GetInt32().Should().Be(40);

        var stopped = await (await _client.PostAsync("/stop", null)).ReadJsonAsync();
        Status(stopped, streamer).Should().Be("Paused");
        var resumed = await (await _client.PostAsync("/start", null)).ReadJsonAsync();
        Status(resumed, streamer).Should().Be("Running");
        var repaced = await _client.PostAsJsonAsync("/config", new { batchSize = 400 });
        repaced.StatusCode.Should().Be(HttpStatusCode.OK);
        var listed = await (await _client.GetAsync("/streamers")).ReadJsonAsync();
        listed.EnumerateArray().Single(s => s.GetProperty("name").GetString() == streamer).GetProperty("stream").GetProperty("rate").GetDouble().Should().Be(800, "a config change paces running streamers at once");

        (await _client.DeleteAsync($"/generators/{generator}")).StatusCode.Should().Be(HttpStatusCode.Conflict, "a streamer uses it");
        (await _client.DeleteAsync($"/streamers/{streamer}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await _client.DeleteAsync($"/generators/{generator}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var id = stream.GetProperty("id").GetString();
        (await (await _client.GetAsync($"/streams/{id}")).ReadJsonAsync()).GetProperty("status").GetString().Should().Be("Stopped", "deleting a streamer stops its stream");
        (await (await _client.GetAsync("/generators")).ReadJsonAsync()).EnumerateArray().Select(g => g.GetProperty("name").GetString()).Should().NotContain(generator);
    }

    [Fact]
    public async Task The_configs_simple_drift_applies_to_new_streamers_of_generators_without_a_plan()
    {
        var generator = Unique("gen-");
        await _client.PostAsJsonAsync("/generators", new { name = generator, schemaText = TestSchemas.Seed });
        await _client.PostAsJsonAsync("/config", new { drift = new { enabled = true, interval = 30, magnitude = 0.25 } });

        var started = await (await _client.PostAsJsonAsync("/streamers", new { name = Unique("str-"), generator, rate = 5, limit = 10 })).ReadJsonAsync();
        await _client.PostAsJsonAsync("/config", new { drift = new { enabled = false } });

        var plan = JsonDocument.Parse(started.GetProperty("stream").GetProperty("spec").GetProperty("driftPlanText").GetString()!).RootElement.GetProperty("simple");
        (plan.GetProperty("interval").GetProperty("seconds").GetDouble(), plan.GetProperty("magnitude").GetDouble()).Should().Be((30.0, 0.25));
    }

    [Theory]
    [InlineData("/generators", """{"name": "bad name!", "schemaText": "{\"a\": {\"type\": \"int\"}}"}""", 400, "name")]
    [InlineData("/generators", """{"name": "g"}""", 400, "schema")]
    [InlineData("/generators", """{"name": "g", "schema": {"a": {"type": "nope"}}}""", 422, "schema")]
    [InlineData("/streamers", """{"name": "s", "generator": "no-such-generator"}""", 404, "generator")]
    [InlineData("/streamers", """{"name": "s", "generator": "g", "rate": -2}""", 400, "rate")]
    [InlineData("/config", """{"frequency": 0}""", 400, "frequency")]
    [InlineData("/config", """{"drift": {"interval": -1}}""", 400, "drift.interval")]
    public async Task Bad_input_is_a_problem_naming_the_field(string path, string body, int status, string field)
    {
        var response = await _client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(status, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(n => n == field || n.StartsWith(field + ".", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_streamer_name_is_taken_once_and_an_unknown_one_is_a_404()
    {
        var generator = Unique("gen-");
        var name = Unique("str-");
        await _client.PostAsJsonAsync("/generators", new { name = generator, schemaText = TestSchemas.Seed });

        var first = await _client.PostAsJsonAsync("/streamers", new { name, generator, rate = 1 });
        var second = await _client.PostAsJsonAsync("/streamers", new { name, generator, rate = 1 });
        await _client.DeleteAsync($"/streamers/{name}");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await _client.DeleteAsync($"/streamers/{name}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static string? Status(JsonElement streamers, string name) =>
        streamers.EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("stream").GetProperty("status").GetString();
}
