using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Schemas;

/// <summary><c>/schemas</c>: validation with every problem, storage by content hash, reading back.</summary>
public sealed class SchemasApiTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_valid_schema_validates_with_no_problems()
    {
        var result = await (await _client.PostJsonAsync("/schemas/validate", $$"""{"schema": {{TestSchemas.Seed}}}""")).ReadJsonAsync();

        result.GetProperty("valid").GetBoolean().Should().BeTrue();
        result.GetProperty("problems").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_invalid_schema_validates_as_200_with_every_problem_and_its_path()
    {
        var response = await _client.PostJsonAsync("/schemas/validate", new { schemaText = TestSchemas.TwoProblems });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await response.ReadJsonAsync();
        result.GetProperty("valid").GetBoolean().Should().BeFalse();
        var paths = result.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        paths.Should().Contain(["$.income.std", "$.kind.type"]);
        result.GetProperty("problems").EnumerateArray().Should().OnlyContain(p => p.GetProperty("message").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Invalid_YAML_is_reported_with_its_line()
    {
        var result = await (await _client.PostJsonAsync("/schemas/validate", new { schemaText = "a:\n  type: int\n b: c: d" })).ReadJsonAsync();

        result.GetProperty("valid").GetBoolean().Should().BeFalse();
        result.GetProperty("problems")[0].GetProperty("message").GetString().Should().Contain("invalid YAML at line");
    }

    [Fact]
    public async Task YAML_that_stops_inside_a_flow_collection_is_a_problem_too()
    {
        var result = await (await _client.PostJsonAsync("/schemas/validate", new { schemaText = "a: {type: int\nb: [" })).ReadJsonAsync();

        result.GetProperty("valid").GetBoolean().Should().BeFalse();
        result.GetProperty("problems")[0].GetProperty("path").GetString().Should().Be("$");
    }

    [Fact]
    public async Task A_stored_schema_gets_its_hash_as_id_is_stored_once_and_reads_back()
    {
        var first = await _client.PostJsonAsync("/schemas", new { schemaText = TestSchemas.Yaml });
        var second = await _client.PostJsonAsync("/schemas", new { schemaText = TestSchemas.Yaml });

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var stored = await first.ReadJsonAsync();
        var id = stored.GetProperty("id").GetString()!;
        id.Should().MatchRegex("^s[0-9a-f]{20}$");
        first.Headers.Location!.ToString().Should().Be($"/schemas/{id}");
        (await second.ReadJsonAsync()).GetProperty("id").GetString().Should().Be(id);
        var read = await (await _client.GetAsync($"/schemas/{id}")).ReadJsonAsync();
        read.GetProperty("text").GetString().Should().Be(TestSchemas.Yaml);
    }

    [Fact]
    public async Task Storing_an_invalid_schema_is_a_422_problem_and_stores_nothing()
    {
        var problem = await (await _client.PostJsonAsync("/schemas", new { schemaText = TestSchemas.TwoProblems })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.ErrorsOf("$.income.std").Should().NotBeEmpty();
        await (await _client.GetAsync($"/schemas/{Synth.Grains.Schemas.SchemaIds.Of(TestSchemas.TwoProblems)}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_schema_is_a_404_and_a_malformed_id_a_400()
    {
        await (await _client.GetAsync("/schemas/s00000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await _client.GetAsync("/schemas/people")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("id").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("/schemas/validate", "{}")]
    [InlineData("/schemas", """{"schemaText": "a: {type: int}", "schema": {"a": {"type": "int"}}}""")]
    public async Task Not_exactly_one_schema_is_a_400_problem(string url, string body)
    {
        var problem = await (await _client.PostJsonAsync(url, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("schema").Should().NotBeEmpty();
    }
}
