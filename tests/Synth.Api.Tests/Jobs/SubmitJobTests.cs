using System.Net;
using System.Text;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Jobs;

/// <summary><c>POST /jobs</c>: what is accepted, and every way a request is refused (with the field named).</summary>
public sealed class SubmitJobTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_valid_job_is_accepted_with_its_location_and_info()
    {
        var response = await _client.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 500, format = "jsonl", name = "people" });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await response.ReadJsonAsync();
        var id = job.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().Should().Be($"/jobs/{id}");
        job.GetProperty("status").GetString().Should().BeOneOf("Queued", "Running", "Succeeded");
        var spec = job.GetProperty("spec");
        spec.GetProperty("rows").GetInt64().Should().Be(500);
        spec.GetProperty("format").GetString().Should().Be("jsonl");
        spec.GetProperty("seed").GetUInt64().Should().Be(42, "the default seed is synth run's");
        spec.GetProperty("name").GetString().Should().Be("people");
    }

    [Fact]
    public async Task The_same_Idempotency_Key_returns_the_same_job()
    {
        var body = new { schemaText = TestSchemas.Seed, rows = 100 };

        var first = await (await _client.PostJsonAsync("/jobs", body, idempotencyKey: "nightly-2026-11-22")).ReadJsonAsync();
        var again = await _client.PostJsonAsync("/jobs", body, idempotencyKey: "nightly-2026-11-22");
        var other = await (await _client.PostJsonAsync("/jobs", body, idempotencyKey: "nightly-2026-11-23")).ReadJsonAsync();

        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await again.ReadJsonAsync()).GetProperty("id").GetString().Should().Be(first.GetProperty("id").GetString());
        other.GetProperty("id").GetString().Should().NotBe(first.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_different_request_under_a_used_Idempotency_Key_is_a_409_conflict()
    {
        (await _client.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 100 }, idempotencyKey: "k-conflict")).EnsureSuccessStatusCode();

        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 200 }, idempotencyKey: "k-conflict"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().Should().Contain("different spec");
    }

    [Fact]
    public async Task A_job_can_name_a_stored_schema_by_id()
    {
        var stored = await (await _client.PostJsonAsync("/schemas", new { schemaText = TestSchemas.Yaml })).ReadJsonAsync();
        var schemaId = stored.GetProperty("id").GetString();

        var job = await (await _client.PostJsonAsync("/jobs", new { schemaId, rows = 10 })).ReadJsonAsync();

        job.GetProperty("spec").GetProperty("schemaId").GetString().Should().Be(schemaId);
    }

    [Theory]
    [InlineData("""{"rows": 10}""", "schema", "is missing")]
    [InlineData("""{"schemaText": "a: {type: int}", "schemaId": "s0123456789abcdef0123", "rows": 10}""", "schema", "only one")]
    [InlineData("""{"schema": [1, 2], "rows": 10}""", "schema", "JSON object")]
    [InlineData("""{"schemaText": "  ", "rows": 10}""", "schemaText", "empty")]
    [InlineData("""{"schemaId": "people", "rows": 10}""", "schemaId", "not a schema id")]
    [InlineData("""{"schemaText": "a: {type: int}", "rows": 0}""", "rows", "at least 1")]
    [InlineData("""{"schemaText": "a: {type: int}", "format": "xlsx"}""", "format", "unknown format 'xlsx'")]
    [InlineData("""{"schemaText": "a: {type: int}", "compression": "zstd"}""", "compression", "zstd")]
    [InlineData("""{"schemaText": "a: {type: int}", "parts": 0}""", "parts", "between 1 and")]
    [InlineData("""{"schemaText": "a: {type: int}", "rows": 1000, "parts": 2}""", "parts", "need at least 2 blocks")]
    [InlineData("""{"schemaText": "a: {type: int}", "shardRows": 0}""", "shardRows", "at least 1")]
    [InlineData("""{"schemaText": "a: {type: int}", "requiredTags": ["gpu", "no spaces"]}""", "requiredTags", "'no spaces'")]
    [InlineData("""{"schemaText": "a: {type: int}", "format": "sql", "tableName": "drop table;"}""", "tableName", "letters, digits")]
    [InlineData("""{"schemaText": "a: {type: int}", "format": "sql", "sqlDialect": "oracle"}""", "sqlDialect", "oracle")]
    [InlineData("""{"schemaText": "a: {type: int}", "format": "csv", "sqlDialect": "mysql"}""", "sqlDialect", "only to format sql")]
    [InlineData("""{"schemaText": "a: {type: int}", "rows": "many"}""", "rows", "an integer")]
    [InlineData("""{"schemaText": "a: {type: int}", "seed": -1}""", "seed", "non-negative integer")]
    [InlineData("""{"schemaText": "a: {type: int}", "row": 5}""", "row", "not a field")]
    public async Task A_bad_field_is_a_400_problem_naming_it(string body, string field, string message)
    {
        var problem = await (await _client.PostJsonAsync("/jobs", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(field).Should().ContainMatch($"*{message}*");
        problem.GetProperty("detail").GetString().Should().Contain(field);
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", """{"rows": -5, "format": "xlsx", "compression": "lz4"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["schema", "rows", "format", "compression"]);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem_naming_the_line_and_column()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", "{\n  \"rows\": 10,\n  \"format\" \"csv\"\n}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().Should().Contain("invalid JSON at line 3, column");
    }

    [Fact]
    public async Task An_empty_body_is_a_400_problem()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", "")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("body").Should().ContainMatch("*empty*");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_problem()
    {
        var response = await _client.PostAsync("/jobs", new StringContent("rows=10", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString().Should().Contain("application/json");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        var huge = new string('x', 17 * 1024 * 1024);

        var problem = await (await _client.PostJsonAsync("/jobs", $$"""{"schemaText": "{{huge}}"}""")).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString().Should().Contain("larger than");
    }

    [Fact]
    public async Task A_bad_Idempotency_Key_is_a_400_problem_naming_the_header()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed }, idempotencyKey: new string('k', 300)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("Idempotency-Key").Should().ContainMatch("*255*");
    }

    [Fact]
    public async Task A_schema_with_problems_is_a_422_problem_listing_each_with_its_path()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = TestSchemas.TwoProblems, rows = 10 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.ErrorsOf("$.income.std").Should().NotBeEmpty();
        problem.ErrorsOf("$.kind.type").Should().ContainMatch("*colour*");
    }

    [Fact]
    public async Task A_unique_field_with_fewer_values_than_rows_is_a_422_problem()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = """{"id": {"type": "int", "min": 1, "max": 10, "unique": true}}""", rows = 11 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("errors").EnumerateObject().Should().ContainSingle(e => e.Name.StartsWith("$.id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_schema_id_is_a_422_problem_naming_it()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaId = "s00000000000000000000", rows = 10 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.ErrorsOf("schemaId").Should().ContainMatch("*s00000000000000000000*");
    }

    [Fact]
    public async Task A_job_needing_a_tag_no_silo_has_is_accepted_and_stays_queued()
    {
        var response = await _client.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 10, requiredTags = new[] { "gpu" } });

        // The job grain itself needs no tag; it waits for a silo with "gpu" to claim its shards.
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await response.ReadJsonAsync();
        job.GetProperty("spec").GetProperty("requiredTags").EnumerateArray().Select(t => t.GetString()).Should().Equal("gpu");
        var cancelled = await (await _client.PostAsync($"/jobs/{job.GetProperty("id").GetString()}/cancel", null)).ReadJsonAsync();
        cancelled.GetProperty("status").GetString().Should().Be("Cancelled", "no silo here has the tag, so nothing ran");
    }
}
