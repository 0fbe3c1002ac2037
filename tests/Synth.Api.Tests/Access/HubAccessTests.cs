using System.Reflection;
using System.Text.Json;
using Synth.Api.Progress;
using Synth.Api.Tests.TestSupport;
using Synth.Grains.Access;

namespace Synth.Api.Tests.Access;

/// <summary>
/// The progress hub's methods, found by reflection, called with the official JavaScript client
/// (tests/node-signalr/hub-access.mjs) in mode keys: anonymous cannot connect (401), another user's
/// job is refused as one that does not exist, its owner and admins are served. A new hub method
/// without a case here fails <see cref="Every_hub_method_has_an_access_case"/>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HubAccessTests(HubAccessTests.KeysServer server) : IClassFixture<HubAccessTests.KeysServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>What each hub method must do for another user (the owner and admins always get "ok").</summary>
    private static readonly Dictionary<string, string> OtherUser = new(StringComparer.Ordinal)
    {
        ["Join"] = "no job has id",
        // Leaving a job one never joined changes nothing and tells nothing.
        ["Leave"] = "ok",
        ["WatchStream"] = "no stream has id",
    };

    public sealed class KeysServer : KestrelServer
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Synth:Auth:Mode"] = "keys" };

        public string Secret(string user, string role) =>
            ApiKeyIssuer.IssueAsync(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Orleans.IGrainFactory>(Services), user, role, user)
                .GetAwaiter().GetResult().Secret;
    }

    [Fact]
    public void Every_hub_method_has_an_access_case()
    {
        var methods = typeof(ProgressHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(ProgressHub))
            .Select(m => m.Name);

        methods.Should().BeEquivalentTo(OtherUser.Keys, "every hub method needs an access case here");
    }

    [Fact]
    public async Task Anonymous_cannot_connect_another_user_is_refused_and_the_owner_and_admins_are_served()
    {
        RepositoryPaths.RequireSignalRClient();
        var ann = server.Secret("ann", SynthRoles.User);
        var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ann);
        var job = (await TestSupport.Jobs.RunToSuccessAsync(client, new { schemaText = TestSchemas.Seed, rows = 10 })).GetProperty("id").GetString()!;
        var stream = (await (await client.PostAsync("/streams", System.Net.Http.Json.JsonContent.Create(new { schemaText = TestSchemas.Seed, rate = 10 }))).ReadJsonAsync()).GetProperty("id").GetString()!;

        var anonymous = Call("-", job, stream);
        var other = Call(server.Secret("bob", SynthRoles.User), job, stream);
        var owner = Call(ann, job, stream);
        var admin = Call(server.Secret("root", SynthRoles.Admin), job, stream);

        anonymous.GetProperty("start").GetString().Should().Contain("401");
        foreach (var (method, expected) in OtherUser)
        {
            other.GetProperty("methods").GetProperty(method).GetString().Should().Contain(expected, method);
            owner.GetProperty("methods").GetProperty(method).GetString().Should().Be("ok", method);
            admin.GetProperty("methods").GetProperty(method).GetString().Should().Be("ok", method);
        }
    }

    private JsonElement Call(string token, string job, string stream)
    {
        using var node = new ChildProcess("node", [Path.Combine(RepositoryPaths.SignalRClient, "hub-access.mjs"), server.Url, token, job, stream], RepositoryPaths.SignalRClient);
        var line = node.ReadLine(Patience);
        node.WaitForExit(Patience).Should().BeTrue();
        node.Process.ExitCode.Should().Be(0, $"{line}\n{node.Errors}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
