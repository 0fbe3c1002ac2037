using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Access;

/// <summary>
/// Mode headers, on real sockets (the proxy's address is the connection's): the user and roles a
/// proxy names are believed from its address only; from anywhere else a request is a 401 whatever it claims.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TrustedHeadersTests(TrustedHeadersTests.BehindProxy behindProxy, TrustedHeadersTests.ProxyElsewhere elsewhere)
    : IClassFixture<TrustedHeadersTests.BehindProxy>, IClassFixture<TrustedHeadersTests.ProxyElsewhere>
{
    /// <summary>The proxy is this machine (the test's connections come from 127.0.0.1).</summary>
    public sealed class BehindProxy : KestrelServer
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Synth:Auth:Mode"] = "headers",
            ["Synth:Auth:Headers:Proxies:0"] = "127.0.0.1",
        };
    }

    /// <summary>The proxy is another machine: the test's connections do not come from it.</summary>
    public sealed class ProxyElsewhere : KestrelServer
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Synth:Auth:Mode"] = "headers",
            ["Synth:Auth:Headers:Proxies:0"] = "127.0.0.2",
        };
    }

    [Fact]
    public async Task The_proxys_headers_name_the_user_and_an_admin_role()
    {
        var user = await (await Send(behindProxy, "/me/usage", "gina", "user")).ReadJsonAsync();
        var keysAsUser = await Send(behindProxy, "/keys", "gina", "user");
        var keysAsAdmin = await Send(behindProxy, "/keys", "root", "user, admin");
        var anonymous = await Send(behindProxy, "/jobs", null, null);

        user.GetProperty("user").GetString().Should().Be("gina");
        keysAsUser.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        keysAsAdmin.StatusCode.Should().Be(HttpStatusCode.OK);
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Headers_from_an_address_that_is_not_a_proxy_are_a_401()
    {
        var problem = await (await Send(elsewhere, "/jobs", "root", "admin")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().Should().Contain("trusted proxy").And.Contain("127.0.0.1");
        (await Send(elsewhere, "/health/live", null, null)).StatusCode.Should().Be(HttpStatusCode.OK, "probes need no credentials");
    }

    private static Task<HttpResponseMessage> Send(KestrelServer server, string path, string? user, string? roles)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null) request.Headers.Add("X-Forwarded-User", user);
        if (roles is not null) request.Headers.Add("X-Forwarded-Roles", roles);
        return server.Client.SendAsync(request);
    }
}
