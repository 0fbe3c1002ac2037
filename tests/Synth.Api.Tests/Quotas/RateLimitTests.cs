using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Quotas;

/// <summary>The per-user request rate: a token bucket per user; beyond it a 429 with Retry-After naming the limit. Other users, admins and probes are unaffected.</summary>
public sealed class RateLimitTests(RateLimitTests.RateFactory factory) : IClassFixture<RateLimitTests.RateFactory>
{
    public sealed class RateFactory : TestUsersFactory
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Synth:Quotas:RequestsPerMinute"] = "3" };
    }

    [Fact]
    public async Task Requests_beyond_the_rate_are_a_429_with_Retry_After_for_that_user_only()
    {
        var nina = factory.ClientFor("nina");
        for (var i = 0; i < 3; i++) (await nina.GetAsync("/jobs")).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await nina.GetAsync("/jobs");

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("limit").GetString().Should().Be("RequestsPerMinute");
        problem.GetProperty("detail").GetString().Should().Contain("at most 3 requests a minute");
        refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(20));
        (await factory.ClientFor("omar").GetAsync("/jobs")).StatusCode.Should().Be(HttpStatusCode.OK, "each user has a bucket of their own");
        for (var i = 0; i < 5; i++) (await factory.AdminClient().GetAsync("/jobs")).StatusCode.Should().Be(HttpStatusCode.OK, "admins are not limited");
        (await factory.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_too_so_keys_cannot_be_guessed_at_speed()
    {
        var guesser = factory.WithKey("sk_k00000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        for (var i = 0; i < 3; i++) (await guesser.GetAsync("/jobs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var refused = await guesser.GetAsync("/jobs");

        (await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("limit").GetString().Should().Be("RequestsPerMinute");
        refused.Headers.RetryAfter.Should().NotBeNull();
    }
}
