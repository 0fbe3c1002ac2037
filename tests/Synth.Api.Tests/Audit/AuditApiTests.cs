using System.Net;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Audit;

/// <summary>
/// The audit log through the API of the embedded server (mode keys): what is recorded, by whom and
/// from where; <c>GET /audit</c> with filters and paging, <c>GET /audit/export</c> as JSON Lines;
/// and that nothing changes it. Events are written by a background writer, so a test waits until
/// the one it expects is there.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuditApiTests(TestUsersFactory factory) : IClassFixture<TestUsersFactory>
{
    private readonly HttpClient _admin = factory.AdminClient();

    [Fact]
    public async Task Creating_and_revoking_a_key_are_recorded_with_the_admin_who_did_it()
    {
        var created = await (await _admin.PostJsonAsync("/keys", new { name = "audited", role = "user", user = "carol" })).ReadJsonAsync();
        var id = created.GetProperty("key").GetProperty("id").GetString()!;
        (await _admin.DeleteAsync($"/keys/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var events = await EventuallyAsync($"resource=key:{id}", 2);

        events.Select(e => e.GetProperty("action").GetString()).Should().Equal("key.revoked", "key.created");
        events.Should().OnlyContain(e => e.GetProperty("actor").GetString() == "root" && e.GetProperty("role").GetString() == "admin" && e.GetProperty("outcome").GetString() == "ok");
        created.GetProperty("secret").GetString().Should().NotBeNullOrEmpty();
        events.Select(e => e.ToString()).Should().NotContain(e => e.Contains(created.GetProperty("secret").GetString()!, StringComparison.Ordinal), "a secret never reaches the log");
    }

    [Fact]
    public async Task A_refused_sign_in_is_recorded_with_the_reason_but_not_the_credential()
    {
        var bogus = "sk_k0123456789abcdef0123_" + new string('x', 40);
        var response = await factory.WithKey(bogus).GetAsync("/jobs?marker=" + Guid.NewGuid().ToString("N"));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var events = await EventuallyAsync("action=signin.refused", 1);

        var refused = events.First();
        refused.GetProperty("actor").GetString().Should().Be("anonymous");
        refused.GetProperty("outcome").GetString().Should().Be("refused");
        refused.GetProperty("detail").GetString().Should().Contain("GET /jobs");
        events.Select(e => e.ToString()).Should().NotContain(e => e.Contains(bogus, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_calling_an_admin_endpoint_is_recorded_as_access_denied()
    {
        (await factory.ClientFor("dave").GetAsync("/keys")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var denied = (await EventuallyAsync("actor=dave&action=access.denied", 1)).First();

        denied.GetProperty("role").GetString().Should().Be("user");
        denied.GetProperty("detail").GetString().Should().Contain("GET /keys");
    }

    [Fact]
    public async Task A_job_is_recorded_when_its_owner_submits_it_and_when_the_cluster_finishes_it()
    {
        var ann = factory.ClientFor("ann");
        var job = (await TestSupport.Jobs.RunToSuccessAsync(ann, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString()!;

        var events = await EventuallyAsync($"resource=job:{job}", 2);

        events.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).Should().Equal(("job.succeeded", "system"), ("job.submitted", "ann"));
    }

    [Fact]
    public async Task A_stream_is_recorded_when_its_owner_starts_it_and_when_it_stops_by_itself_at_its_limit()
    {
        var ann = factory.ClientFor("ann");
        var created = await ann.PostAsync("/streams", System.Net.Http.Json.JsonContent.Create(new { schemaText = TestSchemas.Seed, rate = "max", limit = 50 }));
        var stream = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;

        var events = await EventuallyAsync($"resource=stream:{stream}", 2);

        // In either order: the API records the creation after answering, and a 50-record stream may stop before that.
        events.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).Should().BeEquivalentTo([("stream.stopped", "system"), ("stream.created", "ann")]);
    }

    [Fact]
    public async Task Budget_spends_and_refusals_are_recorded_by_the_budget_with_the_caller_who_asked()
    {
        var erin = factory.ClientFor("erin");
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(erin, rows: 40, epsilon: 1);
        await PrivateSynthesis.FitAsync(erin, dataset, PrivateSynthesis.QuickMst(epsilon: 0.5));
        var refused = await erin.PostJsonAsync($"/datasets/{dataset}/fits", PrivateSynthesis.QuickMst(epsilon: 5));
        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var spent = (await EventuallyAsync($"resource=dataset:{dataset}&action=budget.spent", 1)).Single();
        var refusal = (await EventuallyAsync($"resource=dataset:{dataset}&action=budget.refused", 1)).Single();
        var uploaded = (await EventuallyAsync($"resource=dataset:{dataset}&action=dataset.uploaded", 1)).Single();

        spent.GetProperty("actor").GetString().Should().Be("erin");
        spent.GetProperty("detail").GetString().Should().Contain("mst");
        refusal.GetProperty("actor").GetString().Should().Be("erin");
        refusal.GetProperty("outcome").GetString().Should().Be("refused");
        uploaded.GetProperty("actor").GetString().Should().Be("erin");
        (await EventuallyAsync($"resource=dataset:{dataset}&action=model.fit.requested", 2)).Select(e => e.GetProperty("outcome").GetString())
            .Should().Equal("refused", "ok");
    }

    [Fact]
    public async Task The_log_pages_newest_first_with_a_cursor_and_exports_every_match_as_JSON_Lines_oldest_first()
    {
        var frank = factory.ClientFor("frank");
        for (var i = 0; i < 5; i++) await frank.PostJsonAsync("/streams", new { schemaText = TestSchemas.Seed, rate = "max", limit = 1 });
        var all = await EventuallyAsync("actor=frank&action=stream.created", 5);

        var first = await (await _admin.GetAsync("/audit?actor=frank&action=stream.created&limit=2")).ReadJsonAsync();
        var second = await (await _admin.GetAsync($"/audit?actor=frank&action=stream.created&limit=2&cursor={first.GetProperty("next").GetString()}")).ReadJsonAsync();
        var export = await _admin.GetAsync("/audit/export?actor=frank&action=stream.created");
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Ids(first.GetProperty("events")).Concat(Ids(second.GetProperty("events"))).Should().Equal(all.Take(4).Select(e => e.GetProperty("id").GetInt64()));
        export.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).Should().Equal(all.Select(e => e.GetProperty("id").GetInt64()).Reverse());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=abc", "cursor")]
    public async Task A_bad_filter_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var problem = await (await _admin.GetAsync("/audit?" + query)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(parameter).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("POST")]
    public async Task No_endpoint_changes_or_removes_events(string method)
    {
        var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/audit"));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    private static IEnumerable<long> Ids(JsonElement events) => events.EnumerateArray().Select(e => e.GetProperty("id").GetInt64());

    /// <summary>The events of <c>GET /audit?{query}</c> once there are at least <paramref name="count"/>.</summary>
    private async Task<List<JsonElement>> EventuallyAsync(string query, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await (await _admin.GetAsync("/audit?limit=1000&" + query)).ReadJsonAsync();
            var events = page.GetProperty("events").EnumerateArray().ToList();
            if (events.Count >= count) return events;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"expected {count} events for {query}, found: {page}");
            await Task.Delay(50);
        }
    }
}
