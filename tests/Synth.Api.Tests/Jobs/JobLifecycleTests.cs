using System.Net;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Formats;

namespace Synth.Api.Tests.Jobs;

/// <summary>A job from submission to download, listing, cancel and delete, on the embedded silo.</summary>
public sealed class JobLifecycleTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("csv", null, null)]
    [InlineData("jsonl", "gzip", null)]
    [InlineData("parquet", null, null)]
    [InlineData("sql", null, "sqlite")]
    [InlineData("xml", null, null)]
    public async Task A_job_succeeds_and_its_download_is_byte_identical_to_synth_run(string format, string? compression, string? sqlDialect)
    {
        // 40,000 rows in shards of 16,384: three shards assembled into one file.
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 40_000, format, compression, sqlDialect, seed = 7, shardRows = 16_384 });
        var id = job.GetProperty("id").GetString();

        var response = await _client.GetAsync($"/jobs/{id}/download");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var dialect = sqlDialect == "sqlite" ? SqlDialect.Sqlite : SqlDialect.Postgres;
        bytes.Should().Equal(Reference.Generate(TestSchemas.Seed, 40_000, format, seed: 7, gzip: compression == "gzip", dialect: dialect));
        response.Content.Headers.ContentLength.Should().Be(bytes.Length);
        response.Headers.AcceptRanges.Should().Contain("bytes");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        var file = job.GetProperty("files")[0];
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be(file.GetProperty("fileName").GetString());
        response.Content.Headers.ContentType!.ToString().Should().Be(file.GetProperty("contentType").GetString());
        file.GetProperty("length").GetInt64().Should().Be(bytes.Length);
    }

    [Fact]
    public async Task A_job_with_parts_downloads_each_part_by_number()
    {
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 40_000, format = "csv", parts = 2, name = "split" });
        var id = job.GetProperty("id").GetString();

        var first = await _client.GetAsync($"/jobs/{id}/download?file=0");
        var second = await _client.GetAsync($"/jobs/{id}/download?file=1");
        var missing = await _client.GetAsync($"/jobs/{id}/download?file=2");

        first.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("split-part-00001-of-00002.csv");
        second.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("split-part-00002-of-00002.csv");
        var lines = (await first.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length
                    + (await second.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        lines.Should().Be(40_000 + 2, "each part is a complete CSV file with its own header");
        (await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString().Should().Contain("2 file(s)");
    }

    [Fact]
    public async Task A_file_number_that_is_not_a_number_is_a_400_problem()
    {
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 });

        var problem = await (await _client.GetAsync($"/jobs/{job.GetProperty("id").GetString()}/download?file=first")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("file").Should().ContainMatch("*'first'*");
    }

    [Fact]
    public async Task Downloading_a_job_that_has_not_succeeded_is_a_409_problem()
    {
        // No silo has the tag, so the job stays queued.
        var id = await TestSupport.Jobs.SubmitAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10, requiredTags = new[] { "nowhere" } });

        var problem = await (await _client.GetAsync($"/jobs/{id}/download")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().Should().Contain("Queued");
    }

    [Fact]
    public async Task A_file_gone_from_the_artifact_store_is_a_410_and_a_missing_part_a_500_without_internals()
    {
        var gone = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString();
        var broken = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString();
        File.Delete(factory.Data.File($"artifacts/jobs/{gone}/files/00000.manifest.json"));
        // Every part but the manifest: the first part the download needs is missing, so it fails before answering.
        foreach (var part in Directory.GetFiles(factory.Data.File($"artifacts/jobs/{broken}"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".manifest.json", StringComparison.Ordinal)))
        {
            File.Delete(part);
        }

        var goneProblem = await (await _client.GetAsync($"/jobs/{gone}/download")).ShouldBeProblemAsync(HttpStatusCode.Gone);
        var brokenProblem = await (await _client.GetAsync($"/jobs/{broken}/download")).ShouldBeProblemAsync(HttpStatusCode.InternalServerError);

        goneProblem.GetProperty("detail").GetString().Should().Contain("no longer in the artifact store");
        brokenProblem.GetProperty("detail").GetString().Should().Be("the request failed inside Synth; the server log has the details");
        brokenProblem.ToString().Should().NotContain("Exception").And.NotContain(" at ");
    }

    [Fact]
    public async Task A_job_is_found_by_id_and_listed_newest_first_with_status_filters_and_pages()
    {
        var done = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10, name = "listed-done" })).GetProperty("id").GetString();
        var waiting = await TestSupport.Jobs.SubmitAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10, name = "listed-waiting", requiredTags = new[] { "nowhere" } });

        var fetched = await (await _client.GetAsync($"/jobs/{waiting}")).ReadJsonAsync();
        var succeeded = await (await _client.GetAsync("/jobs?status=succeeded&limit=1000")).ReadJsonAsync();
        var queued = await (await _client.GetAsync("/jobs?status=Queued&limit=1000")).ReadJsonAsync();
        var firstPage = await (await _client.GetAsync("/jobs?limit=1")).ReadJsonAsync();
        var secondPage = await (await _client.GetAsync($"/jobs?limit=1&cursor={Uri.EscapeDataString(firstPage.GetProperty("next").GetString()!)}")).ReadJsonAsync();

        fetched.GetProperty("spec").GetProperty("name").GetString().Should().Be("listed-waiting");
        Ids(succeeded).Should().Contain(done).And.NotContain(waiting);
        Ids(queued).Should().Contain(waiting).And.NotContain(done);
        Ids(firstPage).Should().ContainSingle();
        Ids(secondPage).Should().ContainSingle().And.NotIntersectWith(Ids(firstPage));
    }

    [Theory]
    [InlineData("/jobs?status=sleeping", "status")]
    [InlineData("/jobs?limit=0", "limit")]
    [InlineData("/jobs?limit=ten", "limit")]
    [InlineData("/jobs?status=queued,running", "status")]
    [InlineData("/jobs?cursor=yesterday", "cursor")]
    public async Task A_bad_listing_parameter_is_a_400_problem_naming_it(string url, string field)
    {
        var problem = await (await _client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Cancelling_a_waiting_job_cancels_it_and_cancelling_again_changes_nothing()
    {
        var id = await TestSupport.Jobs.SubmitAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10, requiredTags = new[] { "nowhere" } });

        var cancelled = await (await _client.PostAsync($"/jobs/{id}/cancel", null)).ReadJsonAsync();
        var again = await _client.PostAsync($"/jobs/{id}/cancel", null);

        cancelled.GetProperty("status").GetString().Should().Be("Cancelled");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.ReadJsonAsync()).GetProperty("status").GetString().Should().Be("Cancelled");
    }

    [Fact]
    public async Task Cancelling_a_succeeded_job_is_a_409_problem()
    {
        var id = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString();

        var problem = await (await _client.PostAsync($"/jobs/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().Should().Contain("succeeded");
    }

    [Fact]
    public async Task Deleting_a_job_forgets_it_and_its_files()
    {
        var id = (await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString();

        var deleted = await _client.DeleteAsync($"/jobs/{id}");
        var after = await _client.GetAsync($"/jobs/{id}");
        var again = await _client.DeleteAsync($"/jobs/{id}");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await after.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var directory = factory.Data.File($"artifacts/jobs/{id}");
        (Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    [Theory]
    [InlineData("GET", "/jobs/j00000000000000000000")]
    [InlineData("POST", "/jobs/j00000000000000000000/cancel")]
    [InlineData("DELETE", "/jobs/j00000000000000000000")]
    [InlineData("GET", "/jobs/j00000000000000000000/download")]
    [InlineData("GET", "/jobs/j00000000000000000000/events")]
    public async Task An_unknown_job_is_a_404_problem(string method, string url)
    {
        var problem = await (await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().Should().Contain("j00000000000000000000");
    }

    [Theory]
    [InlineData("GET", "/jobs/not-a-job")]
    [InlineData("POST", "/jobs/J00000000000000000000/cancel")]
    [InlineData("DELETE", "/jobs/j0")]
    [InlineData("GET", "/jobs/x/download")]
    [InlineData("GET", "/jobs/x/events")]
    public async Task A_malformed_job_id_is_a_400_problem_naming_the_id(string method, string url)
    {
        var problem = await (await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("id").Should().ContainMatch("*not a job id*");
    }

    private static IEnumerable<string?> Ids(System.Text.Json.JsonElement page) =>
        page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()).ToList();
}
