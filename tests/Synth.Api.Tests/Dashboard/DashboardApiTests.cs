using System.Net;
using Synth.Api.Dashboard;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Dashboard;

/// <summary>The dashboard's files: the page at / and under /ui/, hashed assets cached for good, API routes untouched, and a page that says how to build it when the bundle is missing.</summary>
[Trait("Category", "Integration")]
public sealed class DashboardApiTests(DashboardApiTests.BundleFactory factory) : IClassFixture<DashboardApiTests.BundleFactory>
{
    private const string Index = "<!doctype html><title>Synth</title><script type=\"module\" src=\"/assets/index-0a1b2c.js\"></script>";

    /// <summary>The embedded server with a dashboard bundle of its own (an index.html and one hashed asset).</summary>
    public sealed class BundleFactory : SynthApiFactory
    {
        public BundleFactory()
        {
            Directory.CreateDirectory(Path.Combine(Bundle, "assets"));
            File.WriteAllText(Path.Combine(Bundle, "index.html"), Index);
            File.WriteAllText(Path.Combine(Bundle, "assets", "index-0a1b2c.js"), "console.log('synth');");
        }

        /// <summary>Inside the server's data directory, so it goes with it.</summary>
        public string Bundle => Data.File("dashboard");

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Synth:Api:DashboardDirectory"] = Bundle };
    }

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/jobs")]
    [InlineData("/ui/datasets/d0123456789abcdef0123")]
    public async Task The_page_answers_at_the_root_and_every_client_route_and_is_asked_for_again_after_each_build(string path)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        (await response.Content.ReadAsStringAsync()).Should().Be(Index);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good_and_a_missing_one_is_a_404_not_the_page()
    {
        var asset = await _client.GetAsync("/assets/index-0a1b2c.js");
        var missing = await _client.GetAsync("/assets/index-ffffff.js");

        asset.StatusCode.Should().Be(HttpStatusCode.OK);
        asset.Headers.CacheControl!.ToString().Should().Be("public, max-age=31536000, immutable");
        (await asset.Content.ReadAsStringAsync()).Should().Be("console.log('synth');");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_routes_keep_their_answers_beside_the_page()
    {
        (await _client.GetAsync("/jobs")).Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        await (await _client.GetAsync("/jobs/j0123456789abcdef0123/nothing")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/no-such-route")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_built_bundle_the_root_says_how_to_build_it()
    {
        var index = Path.Combine(factory.Bundle, "index.html");
        File.Move(index, index + ".away");
        try
        {
            var response = await _client.GetAsync("/");

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = await response.Content.ReadAsStringAsync();
            page.Should().Be(DashboardApi.NotBuiltPage).And.Contain("npm run build");
        }
        finally
        {
            File.Move(index + ".away", index);
        }
    }
}
