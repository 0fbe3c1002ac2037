using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Hosting;

/// <summary>The body-size and synchronous-row limits come from configuration (Synth:Api:…).</summary>
public sealed class RequestLimitsTests(RequestLimitsTests.SmallLimits factory) : IClassFixture<RequestLimitsTests.SmallLimits>
{
    private readonly HttpClient _client = factory.CreateClient();

    public sealed class SmallLimits : SynthApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Synth:Api:MaxRequestBodyBytes"] = "2000",
            ["Synth:Api:MaxGenerateRows"] = "10",
        };
    }

    [Fact]
    public async Task A_body_declaring_more_than_the_configured_limit_is_a_413_problem()
    {
        var problem = await (await _client.PostJsonAsync("/generate", new { schemaText = new string(' ', 3000) + TestSchemas.Seed }))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString().Should().Contain("2,000 bytes");
    }

    [Fact]
    public async Task A_chunked_body_that_grows_past_the_limit_is_a_413_problem_too()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"schemaText": "{{new string(' ', 3000)}}a: {type: int}"}""");
        // A stream of unknown length: sent chunked, so only reading finds it too long.
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/generate", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Generate_refuses_more_rows_than_configured()
    {
        (await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.Seed, rows = 10 })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await _client.PostJsonAsync("/generate", new { schemaText = TestSchemas.Seed, rows = 11 })).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
