using System.Net;
using System.Text;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Quotas;

/// <summary>
/// Per-user quotas: concurrent jobs (429 + Retry-After), rows per job (413), artifact storage (422),
/// each a problem naming the limit, and nothing created; admins have none. Each test has users of its own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QuotaTests(QuotaTests.QuotaFactory factory) : IClassFixture<QuotaTests.QuotaFactory>
{
    private const long StorageLimit = 30_000;

    public sealed class QuotaFactory : TestUsersFactory
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
        {
            ["Synth:Quotas:RequestsPerMinute"] = "0",
            ["Synth:Quotas:ConcurrentJobs"] = "2",
            ["Synth:Quotas:ConcurrentStreams"] = "1",
            ["Synth:Quotas:MaxRowsPerJob"] = "1000",
            ["Synth:Quotas:MaxStorageBytes"] = StorageLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Synth:Quotas:JobsRetryAfterSeconds"] = "17",
        };
    }

    /// <summary>A job that stays queued (no silo has the tag): it holds its place among the user's concurrent jobs.</summary>
    private static readonly object Waiting = new { schemaText = TestSchemas.Seed, rows = 10, requiredTags = new[] { "absent-tag" } };

    [Fact]
    public async Task A_job_beyond_the_concurrent_jobs_quota_is_a_429_with_Retry_After_and_is_not_created()
    {
        var hana = factory.ClientFor("hana");
        var first = await TestSupport.Jobs.SubmitAsync(hana, Waiting);
        await TestSupport.Jobs.SubmitAsync(hana, Waiting);

        var refused = await hana.PostJsonAsync("/jobs", Waiting);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(17));
        problem.GetProperty("limit").GetString().Should().Be("ConcurrentJobs");
        problem.GetProperty("detail").GetString().Should().Contain("Synth:Quotas:ConcurrentJobs = 2");
        (await (await hana.GetAsync("/jobs")).ReadJsonAsync()).GetProperty("jobs").GetArrayLength().Should().Be(2, "the refused job was not created");
        (await factory.ClientFor("ivan").PostJsonAsync("/jobs", Waiting)).StatusCode.Should().Be(HttpStatusCode.Accepted, "quotas are per user");
        (await factory.AdminClient().PostJsonAsync("/jobs", Waiting)).StatusCode.Should().Be(HttpStatusCode.Accepted, "admins have no quotas");

        (await hana.PostAsync($"/jobs/{first}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await hana.PostJsonAsync("/jobs", Waiting)).StatusCode.Should().Be(HttpStatusCode.Accepted, "a finished job frees its place");
    }

    [Fact]
    public async Task Jobs_submitted_all_at_once_get_no_more_places_than_the_quota_and_the_rest_429()
    {
        var olga = factory.ClientFor("olga");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => olga.PostJsonAsync("/jobs", Waiting)));

        answers.Count(a => a.StatusCode == HttpStatusCode.Accepted).Should().Be(2, "each submission is checked against the ones admitted before it");
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).Should().Be(6);
        (await (await olga.GetAsync("/jobs")).ReadJsonAsync()).GetProperty("jobs").GetArrayLength().Should().Be(2, "no refused job was created");
    }

    [Fact]
    public async Task Streams_started_all_at_once_get_no_more_places_than_the_quota()
    {
        var rosa = factory.ClientFor("rosa");
        var running = new { schemaText = TestSchemas.Seed, rate = 1, format = "csv" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => rosa.PostJsonAsync("/streams", running)));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).Should().Be(5);
        (await (await rosa.GetAsync("/streams")).ReadJsonAsync()).GetArrayLength().Should().Be(1, "no refused stream was created");
    }

    [Fact]
    public async Task A_stream_beyond_the_concurrent_streams_quota_is_a_429_and_a_stopped_one_frees_its_place()
    {
        var pete = factory.ClientFor("pete");
        var running = new { schemaText = TestSchemas.Seed, rate = 1, format = "csv" };
        var first = (await (await pete.PostJsonAsync("/streams", running)).ReadJsonAsync()).GetProperty("id").GetString()!;

        var refused = await pete.PostJsonAsync("/streams", running);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("limit").GetString().Should().Be("ConcurrentStreams");
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(17));
        (await (await pete.GetAsync("/streams")).ReadJsonAsync()).GetArrayLength().Should().Be(1, "the refused stream was not created");
        var usage = await (await pete.GetAsync("/me/usage")).ReadJsonAsync();
        usage.GetProperty("streams").GetInt32().Should().Be(1);
        usage.GetProperty("activeStreams").GetInt32().Should().Be(1);

        (await pete.PostAsync($"/streams/{first}/stop", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await pete.PostJsonAsync("/streams", running)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_job_or_sample_of_more_rows_than_the_quota_is_a_413_naming_it()
    {
        var jack = factory.ClientFor("jack");

        var problem = await (await jack.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 1001 })).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("limit").GetString().Should().Be("MaxRowsPerJob");
        problem.GetProperty("detail").GetString().Should().Contain("1,001").And.Contain("1,000").And.Contain("Synth:Quotas:MaxRowsPerJob");
        (await (await jack.GetAsync("/jobs")).ReadJsonAsync()).GetProperty("jobs").GetArrayLength().Should().Be(0);
        (await factory.AdminClient().PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 1001 })).StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Storage_beyond_the_quota_refuses_new_jobs_and_uploads_with_a_422_and_usage_says_why()
    {
        var kate = factory.ClientFor("kate");
        var dataset = await PrivateSynthesis.UploadAsync(kate, PrivateSynthesis.People(40));
        var job = await TestSupport.Jobs.RunToSuccessAsync(kate, new { schemaText = TestSchemas.Seed, rows = 1000 });
        var usage = await (await kate.GetAsync("/me/usage")).ReadJsonAsync();
        var fileBytes = job.GetProperty("files")[0].GetProperty("length").GetInt64();
        var csvBytes = Encoding.UTF8.GetByteCount(PrivateSynthesis.People(40));
        (fileBytes + csvBytes).Should().BeGreaterThan(StorageLimit, "the test fills the quota");

        var jobProblem = await (await kate.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 10 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var upload = await kate.PostAsync("/datasets?name=more", new StringContent(PrivateSynthesis.People(10), Encoding.UTF8, "text/csv"));

        jobProblem.GetProperty("limit").GetString().Should().Be("MaxStorageBytes");
        jobProblem.GetProperty("detail").GetString().Should().Contain("Synth:Quotas:MaxStorageBytes");
        (await upload.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("limit").GetString().Should().Be("MaxStorageBytes");
        usage.GetProperty("user").GetString().Should().Be("kate");
        usage.GetProperty("storageBytes").GetInt64().Should().Be(fileBytes + csvBytes);
        usage.GetProperty("jobStorageBytes").GetInt64().Should().Be(fileBytes);
        usage.GetProperty("datasetStorageBytes").GetInt64().Should().Be(csvBytes);
        usage.GetProperty("rowsGenerated").GetInt64().Should().Be(1000);
        usage.GetProperty("datasets").GetInt32().Should().Be(1);
        usage.GetProperty("limits").GetProperty("maxStorageBytes").GetInt64().Should().Be(StorageLimit);

        (await kate.DeleteAsync($"/jobs/{job.GetProperty("id").GetString()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await kate.DeleteAsync($"/datasets/{dataset}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await kate.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 10 })).StatusCode.Should().Be(HttpStatusCode.Accepted, "deleting frees the storage");
    }

    [Fact]
    public async Task Usage_reports_jobs_rows_and_the_privacy_budget_spent_for_the_caller_only()
    {
        var lena = factory.ClientFor("lena");
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(lena, rows: 40, epsilon: 2);
        var (_, fit) = await PrivateSynthesis.FitAsync(lena, dataset, PrivateSynthesis.QuickMst(epsilon: 0.5));
        await TestSupport.Jobs.WaitForFinalAsync(lena, fit);
        await TestSupport.Jobs.RunToSuccessAsync(lena, new { schemaText = TestSchemas.Seed, rows = 7 });

        var usage = await (await lena.GetAsync("/me/usage")).ReadJsonAsync();
        var other = await (await factory.ClientFor("mona").GetAsync("/me/usage")).ReadJsonAsync();

        usage.GetProperty("rowsGenerated").GetInt64().Should().Be(7, "a fit generates no rows");
        usage.GetProperty("jobs").GetInt32().Should().Be(2);
        usage.GetProperty("jobsByStatus").GetProperty("Succeeded").GetInt32().Should().Be(2);
        var spend = usage.GetProperty("privacyBudget").EnumerateArray().Single();
        spend.GetProperty("datasetId").GetString().Should().Be(dataset);
        spend.GetProperty("spentEpsilon").GetDouble().Should().BeApproximately(0.5, 1e-9);
        usage.GetProperty("privacyRhoSpent").GetDouble().Should().BeGreaterThan(0);
        other.GetProperty("jobs").GetInt32().Should().Be(0);
        other.GetProperty("privacyBudget").GetArrayLength().Should().Be(0);
    }
}
