using System.Net;
using System.Security.Cryptography;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Api.Tests.Jobs;

/// <summary>
/// <c>POST /jobs</c> with a multi-table schema (the relational example: customers → orders → order
/// lines, with products) on the embedded server: the download is the zip archive or, for SQL, the
/// one script that <c>synth run</c> writes with the same seed.
/// </summary>
public sealed class MultiTableJobTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string Cycle = """
        {"tables": {
          "a": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "b_id": {"type": "ref", "table": "b", "field": "id"}}},
          "b": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "a_id": {"type": "ref", "table": "a", "field": "id"}}}}}
        """;

    private const string UnknownTable = """
        {"tables": {
          "customers": {"primary_key": "id", "fields": {"id": {"type": "uuid"}}},
          "orders": {"fields": {"customer_id": {"type": "ref", "table": "customer", "field": "id"}}}}}
        """;

    [Theory]
    [InlineData("csv", null, null, "shop.zip", "application/zip")]
    [InlineData("parquet", null, null, "shop.zip", "application/zip")]
    [InlineData("jsonl", "gzip", null, "shop.zip", "application/zip")]
    [InlineData("sql", null, "sqlite", "shop.sql", "application/sql")]
    public async Task A_job_downloads_the_archive_or_script_synth_run_writes_with_the_same_seed(
        string format, string? compression, string? sqlDialect, string fileName, string contentType)
    {
        // 8,000 customers make about 24,000 orders and 60,000 order lines; shards of 16,384 rows cut the child tables.
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client,
            new { schemaText = ExampleSchemas.Relational, rows = 8_000, format, compression, sqlDialect, seed = 11, shardRows = 16_384, name = "shop" });
        var id = job.GetProperty("id").GetString();

        var response = await _client.GetAsync($"/jobs/{id}/download");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var expected = Reference.GenerateDatabase(ExampleSchemas.Relational, 8_000, format, seed: 11, gzip: compression == "gzip",
            dialect: sqlDialect == "sqlite" ? SqlDialect.Sqlite : SqlDialect.Postgres);
        Convert.ToHexString(SHA256.HashData(bytes)).Should().Be(Convert.ToHexString(SHA256.HashData(expected)));
        var file = job.GetProperty("files")[0];
        file.GetProperty("fileName").GetString().Should().Be(fileName);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
    }

    [Fact]
    public async Task Progress_counts_the_rows_of_every_table()
    {
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = ExampleSchemas.Relational, rows = 1_000, format = "csv", seed = 3 });

        var total = CompiledDatabase.Compile(DatabaseSchemaReader.Read(ExampleSchemas.Relational), 3, 1_000).TotalRows;
        job.GetProperty("progress").GetProperty("rowsTotal").GetInt64().Should().Be(total);
        job.GetProperty("progress").GetProperty("rowsDone").GetInt64().Should().Be(total);
    }

    [Fact]
    public async Task A_reference_cycle_is_a_422_problem_naming_the_field_path()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = Cycle, rows = 10 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("errors").EnumerateObject().Should().ContainSingle(e => e.Name.StartsWith("$.tables.", StringComparison.Ordinal))
            .Which.Value.EnumerateArray().Single().GetString().Should().StartWith("reference cycle: ");
    }

    [Fact]
    public async Task A_reference_to_an_unknown_table_is_a_422_problem_naming_the_field_path()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = UnknownTable, rows = 10 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.ErrorsOf("$.tables.orders.fields.customer_id.table").Should().ContainMatch("unknown table 'customer'*customers*");
    }

    [Fact]
    public async Task Parts_for_a_multi_table_schema_are_a_400_problem_naming_the_field()
    {
        var problem = await (await _client.PostJsonAsync("/jobs", new { schemaText = ExampleSchemas.Relational, rows = 40_000, parts = 2 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("parts").Should().ContainMatch("*multi-table*");
    }

    [Fact]
    public async Task Schema_validation_takes_a_multi_table_schema_and_reports_its_problems_with_their_paths()
    {
        var valid = await (await _client.PostJsonAsync("/schemas/validate", new { schemaText = ExampleSchemas.Relational })).ReadJsonAsync();
        var invalid = await (await _client.PostJsonAsync("/schemas/validate", new { schemaText = UnknownTable })).ReadJsonAsync();

        valid.GetProperty("valid").GetBoolean().Should().BeTrue(valid.ToString());
        invalid.GetProperty("valid").GetBoolean().Should().BeFalse();
        invalid.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).Should().Equal("$.tables.orders.fields.customer_id.table");
    }
}
