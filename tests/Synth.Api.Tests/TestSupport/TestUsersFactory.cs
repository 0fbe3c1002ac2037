using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Synth.Grains.Access;

namespace Synth.Api.Tests.TestSupport;

/// <summary>
/// The embedded server in auth mode keys, with real API keys made through the cluster's key grains
/// (as <c>POST /keys</c> makes them): <see cref="ClientFor"/> gives a client of role user acting as
/// that user, <see cref="AdminClient"/> one of role admin, <see cref="CreateClient"/> an anonymous one.
/// </summary>
public class TestUsersFactory : SynthApiFactory
{
    private readonly ConcurrentDictionary<(string User, string Role), string> _secrets = new();

    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(ExtraSettings) { ["Synth:Auth:Mode"] = "keys" };

    /// <summary>More settings for subclasses (quotas).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public HttpClient ClientFor(string user) => WithKey(SecretFor(user, SynthRoles.User));

    public HttpClient AdminClient(string name = "root") => WithKey(SecretFor(name, SynthRoles.Admin));

    /// <summary>The secret of a key of <paramref name="role"/> acting as <paramref name="user"/> (one per user and role).</summary>
    public string SecretFor(string user, string role) =>
        _secrets.GetOrAdd((user, role), k => ApiKeyIssuer.IssueAsync(Services.GetRequiredService<IGrainFactory>(), $"{k.User} ({k.Role})", k.Role, k.User)
            .GetAwaiter().GetResult().Secret);

    public HttpClient WithKey(string secret)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
