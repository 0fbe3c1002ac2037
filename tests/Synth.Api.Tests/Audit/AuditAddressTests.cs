using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Synth.Api.Tests.TestSupport;
using Synth.Grains.Audit;

namespace Synth.Api.Tests.Audit;

/// <summary>Over real sockets (the in-memory test server has no remote address): an event says where its request came from.</summary>
[Trait("Category", "Integration")]
public sealed class AuditAddressTests(AuditAddressTests.KeysServer server) : IClassFixture<AuditAddressTests.KeysServer>
{
    public sealed class KeysServer : KestrelServer
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Synth:Auth:Mode"] = "keys" };
    }

    [Fact]
    public async Task A_refused_sign_in_is_recorded_with_the_callers_address()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        request.Headers.Add("X-Api-Key", "sk_not-a-key");
        (await server.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var store = server.Services.GetRequiredService<IAuditStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<AuditEvent> events;
        while ((events = await store.QueryAsync(new AuditQuery(Action: AuditActions.SignInRefused))).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        events.Should().ContainSingle().Which.Address.Should().Be("127.0.0.1");
    }
}
