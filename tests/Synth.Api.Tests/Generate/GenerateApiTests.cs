using System.Net;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Formats;

namespace Synth.Api.Tests.Generate;

/// <summary><c>POST /generate</c>: a small batch in the answer's body, the same bytes as <c>synth run</c>.</summary>
public sealed class GenerateApiTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("csv", null, "text/csv", "synth.csv")]
    [InlineData("tsv", null, "text/tab-separated-values", "synth.tsv")]
    [InlineData("json", null, "application/json", "synth.json")]
    [InlineData("jsonl", null, "application/x-ndjson", "synth.jsonl")]
    [InlineData("xml", null, "application/xml", "synth.xml")]
    [InlineData("sql", null, "application/sql", "synth.sql")]
    [InlineData("parquet", null, "application/vnd.apache.parquet", "synth.parquet")]
    [InlineData("csv", "gzip", "application/gzip", "synth.csv.gz")]
    public async Task A_batch_comes_back_in_the_format_asked_for_byte_identical_to_synth_run(string format, string? compression, string mediaType, string fileName)
    {
        var response = await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.Seed, rows = 2_000, format, compression, seed = 3 });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be(fileName);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Reference.Generate(TestSchemas.Seed, 2_000, format, seed: 3, gzip: compression == "gzip"));
    }

    [Fact]
    public async Task An_inline_schema_object_a_YAML_text_and_SQL_options_all_work()
    {
        var inline = await _client.PostJsonAsync("/generate", $$"""{"schema": {{TestSchemas.Seed}}, "rows": 5}""");
        var yaml = await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.Yaml, rows = 5, format = "sql", sqlDialect = "mysql", tableName = "scores" });

        (await inline.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6);
        (await yaml.Content.ReadAsByteArrayAsync()).Should().Equal(Reference.Generate(TestSchemas.Yaml, 5, "sql", table: "scores", dialect: SqlDialect.MySql));
    }

    [Fact]
    public async Task The_default_is_1000_csv_rows_with_seed_42()
    {
        var response = await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.Seed });

        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Reference.Generate(TestSchemas.Seed, 1000, "csv", seed: 42));
    }

    [Fact]
    public async Task More_rows_than_the_synchronous_cap_is_a_413_problem_pointing_to_jobs()
    {
        var problem = await (await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.Seed, rows = 10_001 }))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString().Should().Contain("rows").And.Contain("POST /jobs");
    }

    [Fact]
    public async Task A_schema_with_problems_is_a_422_problem_with_their_paths()
    {
        var problem = await (await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.TwoProblems }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.ErrorsOf("$.kind.type").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("""{"schemaText": "a: {type: int}", "format": "xlsx"}""", "format")]
    [InlineData("""{"schemaText": "a: {type: int}", "rows": -1}""", "rows")]
    [InlineData("""{"schemaId": "s0123456789abcdef0123"}""", "schemaId")]
    public async Task A_bad_field_is_a_400_problem_naming_it(string body, string field)
    {
        var problem = await (await _client.PostJsonAsync("/generate", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(field).Should().NotBeEmpty();
    }
}
