using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Access;

/// <summary>
/// Access rules for every endpoint of the route table: anonymous → 401, another user → 404 (or, for a
/// listing, a list without the owner's things), the owner → OK, an admin → OK. The cases are keyed by
/// the route table's own entries, and <see cref="Every_endpoint_of_the_route_table_has_an_access_case"/>
/// fails when an endpoint has none, so a new endpoint cannot be forgotten.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccessMatrixTests(AccessFactory factory) : IClassFixture<AccessFactory>
{
    /// <summary>The Orleans Dashboard's own routes, under <see cref="SynthApi.DashboardPath"/>: admins only, as one rule (its routes are its own).</summary>
    private const string DashboardPrefix = SynthApi.DashboardPath;

    private static readonly Dictionary<string, AccessCase> Cases = new(StringComparer.Ordinal)
    {
        // Open to anyone: probes and the API's description carry no data.
        ["/health/live"] = new(Access.Public, (c, _, _) => c.GetAsync("/health/live")),
        ["/health/ready"] = new(Access.Public, (c, _, _) => c.GetAsync("/health/ready")),
        ["/healthz"] = new(Access.Public, (c, _, _) => c.GetAsync("/healthz")),
        ["/readyz"] = new(Access.Public, (c, _, _) => c.GetAsync("/readyz")),
        ["GET /openapi/{documentName}.json"] = new(Access.Public, (c, _, _) => c.GetAsync("/openapi/v1.json")),
        // The web dashboard's page (its data comes from the API, with the caller's credential).
        ["GET,HEAD /"] = new(Access.Public, (c, _, _) => c.GetAsync("/")),
        ["GET,HEAD /ui/{**route}"] = new(Access.Public, (c, _, _) => c.GetAsync("/ui/jobs")),

        // Any authenticated caller; nothing of anyone's is involved (schemas are shared: named by the hash of their text).
        ["GET /status"] = new(Access.AnyUser, (c, _, _) => c.GetAsync("/status")),
        ["GET /me/usage"] = new(Access.AnyUser, (c, _, _) => c.GetAsync("/me/usage")),
        ["POST /generate"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/generate", new { schemaText = TestSchemas.Seed, rows = 3 })),
        ["POST /schemas/validate"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/schemas/validate", new { schemaText = TestSchemas.Seed })),
        ["POST /schemas/"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/schemas", new { schemaText = TestSchemas.Seed })),
        ["GET /schemas/{id}"] = new(Access.AnyUser, (c, r, _) => c.GetAsync($"/schemas/{r.Schema}")),
        ["POST /jobs/"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/jobs", new { schemaText = TestSchemas.Seed, rows = 10 })),
        ["POST /streams/"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/streams", new { schemaText = TestSchemas.Seed, rate = "max", limit = 10 })),
        // The seed's streaming endpoints: names in one namespace, each entry owned; start/stop/config act on the caller's own.
        ["POST /generators/"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/generators", new { name = "g-" + Guid.NewGuid().ToString("N")[..12], schemaText = TestSchemas.Seed })),
        ["POST /streamers/"] = new(Access.AnyUser, async (c, _, _) =>
        {
            var name = "m-" + Guid.NewGuid().ToString("N")[..12];
            await c.PostJsonAsync("/generators", new { name, schemaText = TestSchemas.Seed });
            return await c.PostJsonAsync("/streamers", new { name, generator = name, rate = 1, limit = 3 });
        }),
        ["POST /start"] = new(Access.AnyUser, (c, _, _) => c.PostAsync("/start", null)),
        ["POST /stop"] = new(Access.AnyUser, (c, _, _) => c.PostAsync("/stop", null)),
        ["POST /config"] = new(Access.AnyUser, (c, _, _) => c.PostJsonAsync("/config", new { batchSize = 1 })),
        ["POST /datasets/"] = new(Access.AnyUser, (c, _, _) => c.PostAsync("/datasets?name=people", new StringContent(PrivateSynthesis.People(20), Encoding.UTF8, "text/csv"))),
        ["/hubs/progress/negotiate"] = new(Access.AnyUser, (c, _, _) => c.PostAsync("/hubs/progress/negotiate?negotiateVersion=1", null)),
        // The connection itself (after negotiate); without a connection id it is a 400 for an authenticated caller, so only anonymous is checked here.
        ["/hubs/progress"] = new(Access.AuthenticatedOnly, (c, _, _) => c.GetAsync("/hubs/progress")),

        // Owned: another user's id answers 404; lists show only the caller's own.
        ["GET /jobs/"] = new(Access.OwnedListing, (c, _, _) => c.GetAsync("/jobs?limit=1000"), r => r.Job),
        ["GET /jobs/{id}"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/jobs/{r.Job}")),
        ["POST /jobs/{id}/cancel"] = new(Access.Owned, (c, r, _) => c.PostAsync($"/jobs/{r.QueuedJob}/cancel", null), Fresh: true),
        ["DELETE /jobs/{id}"] = new(Access.Owned, (c, r, _) => c.DeleteAsync($"/jobs/{r.QueuedJob}"), Fresh: true),
        ["GET,HEAD /jobs/{id}/download"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/jobs/{r.Job}/download")),
        ["GET /jobs/{id}/events"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/jobs/{r.Job}/events")),
        ["GET /datasets/{id}"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/datasets/{r.Dataset}")),
        ["GET /datasets/{id}/profile"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/datasets/{r.Dataset}/profile")),
        ["GET /datasets/{id}/domain"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/datasets/{r.Dataset}/domain")),
        ["PUT /datasets/{id}/domain"] = new(Access.Owned, async (c, r, f) =>
        {
            var domain = await f.ClientFor(AccessFactory.Owner).GetStringAsync($"/datasets/{r.Dataset}/domain");
            return await c.PutAsync($"/datasets/{r.Dataset}/domain", new StringContent(domain, Encoding.UTF8, "application/json"));
        }, Fresh: true),
        ["POST /datasets/{id}/domain/derivations"] = new(Access.Owned, (c, r, _) => c.PostJsonAsync($"/datasets/{r.Dataset}/domain/derivations", new { epsilon = 1, seed = 1 }), Fresh: true),
        ["GET /datasets/{id}/budget"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/datasets/{r.Dataset}/budget")),
        ["DELETE /datasets/{id}"] = new(Access.Owned, (c, r, _) => c.DeleteAsync($"/datasets/{r.Dataset}"), Fresh: true),
        ["POST /datasets/{id}/fits"] = new(Access.Owned, (c, r, _) => c.PostJsonAsync($"/datasets/{r.Dataset}/fits", new { method = "nonprivate" }), Fresh: true),
        ["GET /models/"] = new(Access.OwnedListing, (c, r, _) => c.GetAsync($"/models?datasetId={r.Dataset}"), r => r.Model),
        ["GET /models/{id}"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/models/{r.Model}")),
        ["POST /models/{id}/samples"] = new(Access.Owned, (c, r, _) => c.PostJsonAsync($"/models/{r.Model}/samples", new { rows = 5 })),
        ["GET /models/{id}/evaluation"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/models/{r.Model}/evaluation")),
        ["GET /streams/"] = new(Access.OwnedListing, (c, _, _) => c.GetAsync("/streams"), r => r.Stream),
        ["GET /generators/"] = new(Access.OwnedListing, (c, _, _) => c.GetAsync("/generators"), r => r.Generator),
        ["GET /streamers/"] = new(Access.OwnedListing, (c, _, _) => c.GetAsync("/streamers"), r => r.Streamer),
        ["DELETE /generators/{name}"] = new(Access.Owned, (c, r, _) => c.DeleteAsync($"/generators/{r.Generator}"), Fresh: true),
        ["DELETE /streamers/{name}"] = new(Access.Owned, (c, r, _) => c.DeleteAsync($"/streamers/{r.Streamer}"), Fresh: true),
        ["GET /streams/{id}"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/streams/{r.Stream}")),
        ["PATCH /streams/{id}"] = new(Access.Owned, (c, r, _) => c.PatchAsync($"/streams/{r.Stream}", JsonContent(new { rate = 2 }))),
        ["POST /streams/{id}/pause"] = new(Access.Owned, (c, r, _) => c.PostAsync($"/streams/{r.Stream}/pause", null), Fresh: true),
        ["POST /streams/{id}/resume"] = new(Access.Owned, async (c, r, f) =>
        {
            await f.ClientFor(AccessFactory.Owner).PostAsync($"/streams/{r.Stream}/pause", null); // only a paused stream resumes
            return await c.PostAsync($"/streams/{r.Stream}/resume", null);
        }, Fresh: true),
        ["GET /streams/{id}/events"] = new(Access.Owned, (c, r, _) => c.GetAsync($"/streams/{r.StoppedStream}/events?after=-1")),
        ["POST /streams/{id}/stop"] = new(Access.Owned, (c, r, _) => c.PostAsync($"/streams/{r.Stream}/stop", null), Fresh: true),

        // Admins only.
        ["POST /keys/"] = new(Access.AdminOnly, (c, _, _) => c.PostJsonAsync("/keys", new { name = "matrix", role = "user" })),
        ["GET /keys/"] = new(Access.AdminOnly, (c, _, _) => c.GetAsync("/keys")),
        ["/metrics"] = new(Access.AdminOnly, (c, _, _) => c.GetAsync("/metrics")),
        ["GET /audit/"] = new(Access.AdminOnly, (c, _, _) => c.GetAsync("/audit")),
        ["GET /audit/export"] = new(Access.AdminOnly, (c, _, _) => c.GetAsync("/audit/export?action=key.created")),
        ["DELETE /keys/{id}"] = new(Access.AdminOnly, async (c, _, f) =>
        {
            // A key of its own to revoke, made by an admin.
            var created = await (await f.AdminClient().PostJsonAsync("/keys", new { name = "to-revoke", role = "user" })).ReadJsonAsync();
            return await c.DeleteAsync($"/keys/{created.GetProperty("key").GetProperty("id").GetString()}");
        }),
    };

    public static TheoryData<string> Endpoints => [.. Cases.Keys];

    private static StringContent JsonContent(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public void Every_endpoint_of_the_route_table_has_an_access_case()
    {
        var routes = RouteTable(factory.Services).Where(r => !IsDashboard(r)).ToList();

        routes.Should().OnlyHaveUniqueItems();
        routes.Except(Cases.Keys).Should().BeEmpty("every endpoint needs an access case here (anonymous 401, another user 404, owner and admin OK)");
        Cases.Keys.Except(routes).Should().BeEmpty("a case for an endpoint that no longer exists should go");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_answers_anonymous_401_another_user_404_and_its_owner_and_admins(string endpoint)
    {
        var access = Cases[endpoint];
        var anonymous = factory.CreateClient();
        var owner = factory.ClientFor(AccessFactory.Owner);
        var other = factory.ClientFor(AccessFactory.Other);
        var admin = factory.AdminClient();
        Task<OwnedIds> Ids() => access.Fresh ? factory.FreshAsync() : factory.SharedAsync();

        var unauthenticated = await access.Send(anonymous, await Ids(), factory);
        if (access.Kind == Access.Public)
        {
            await ShouldSucceedAsync(unauthenticated, endpoint, "anonymous");
            return;
        }
        await unauthenticated.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        if (access.Kind == Access.AuthenticatedOnly) return;

        switch (access.Kind)
        {
            case Access.AnyUser:
                await ShouldSucceedAsync(await access.Send(other, await Ids(), factory), endpoint, "a user");
                break;
            case Access.AdminOnly:
                await (await access.Send(owner, await Ids(), factory)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
                break;
            case Access.Owned:
                var ids = await Ids();
                var problem = await (await access.Send(other, ids, factory)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
                problem.GetProperty("detail").GetString().Should().StartWith("no ", "another user's resource is answered as one that does not exist");
                await ShouldSucceedAsync(await access.Send(owner, ids, factory), endpoint, "its owner");
                break;
            case Access.OwnedListing:
                var listed = await access.Send(other, await Ids(), factory);
                var body = await ShouldSucceedAsync(listed, endpoint, "another user");
                body.Should().NotContain(access.Listed!(await Ids()), "a listing shows a user only their own");
                (await ShouldSucceedAsync(await access.Send(owner, await Ids(), factory), endpoint, "its owner")).Should().Contain(access.Listed!(await Ids()));
                break;
        }

        var byAdmin = await ShouldSucceedAsync(await access.Send(admin, await Ids(), factory), endpoint, "an admin");
        if (access.Kind == Access.OwnedListing) byAdmin.Should().Contain(access.Listed!(await Ids()), "an admin sees everyone's");
    }

    [Fact]
    public async Task The_dashboard_is_for_admins_only()
    {
        var routes = RouteTable(factory.Services).Where(IsDashboard).ToList();
        routes.Should().NotBeEmpty();

        foreach (var route in routes)
        {
            var path = Regex.Replace(route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..], "{[^}]*}", "1");
            (await factory.CreateClient().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, route);
            (await factory.ClientFor(AccessFactory.Owner).GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, route);
        }
        (await factory.AdminClient().GetAsync(DashboardPrefix)).StatusCode.Should().NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Every endpoint as "METHODS pattern" (no methods: any).</summary>
    internal static List<string> RouteTable(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e =>
        {
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            return methods is { Count: > 0 } ? $"{string.Join(",", methods)} {e.RoutePattern.RawText}" : e.RoutePattern.RawText!;
        })];

    private static bool IsDashboard(string route) => route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..].StartsWith(DashboardPrefix, StringComparison.Ordinal);

    private static async Task<string> ShouldSucceedAsync(HttpResponseMessage response, string endpoint, string who)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{endpoint} by {who} should succeed: {(int)response.StatusCode} {body}");
        return body;
    }
}

/// <summary>Who may call an endpoint.</summary>
public enum Access
{
    /// <summary>Anyone, without credentials.</summary>
    Public,

    /// <summary>Any authenticated caller; involves nothing of anyone's.</summary>
    AnyUser,

    /// <summary>Only anonymous is checked (401): the endpoint needs more than credentials to answer OK.</summary>
    AuthenticatedOnly,

    /// <summary>The owner and admins; another user gets 404.</summary>
    Owned,

    /// <summary>A listing: everyone authenticated gets one, with only their own (admins: everyone's).</summary>
    OwnedListing,

    /// <summary>Admins; a user gets 403.</summary>
    AdminOnly,
}

/// <summary>How one endpoint is called and what its access rule is.</summary>
/// <param name="Listed">For a listing: the id that must be in the owner's list and not in another user's.</param>
/// <param name="Fresh">The request changes what it touches (deletes, cancels, confirms, spends): each caller gets new ids.</param>
public sealed record AccessCase(Access Kind, Func<HttpClient, OwnedIds, AccessFactory, Task<HttpResponseMessage>> Send, Func<OwnedIds, string>? Listed = null, bool Fresh = false);
