using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Observability;

/// <summary><c>/metrics</c> of the embedded server (mode none: the caller is the anonymous admin), in the Prometheus text format.</summary>
[Trait("Category", "Integration")]
public sealed class MetricsTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Metrics_are_in_the_Prometheus_text_format_with_rows_job_durations_and_http_requests()
    {
        await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = 1234 });

        var response = await _client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        Sample(text, "synth_rows_generated_total{", "kind=\"generate\"").Should().BeGreaterThanOrEqualTo(1234);
        Sample(text, "synth_job_duration_seconds_count{", "status=\"succeeded\"").Should().BeGreaterThanOrEqualTo(1);
        text.Should().Contain("http_server_request_duration_seconds_bucket{", "ASP.NET Core's request metrics are exported");
    }

    [Fact]
    public async Task Metrics_include_the_Orleans_runtime_meters()
    {
        await _client.GetAsync("/status"); // a few grain calls

        var text = await _client.GetStringAsync("/metrics");

        text.Split('\n').Should().Contain(l => l.StartsWith("orleans_", StringComparison.Ordinal), "Orleans' own meter (Microsoft.Orleans) is exported");
    }

    /// <summary>The value of the first sample whose line starts with <paramref name="prefix"/> and contains <paramref name="label"/>.</summary>
    internal static double Sample(string text, string prefix, string label)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        line.Should().NotBeNull($"a sample {prefix}…{label}… should be exported:\n{text[..Math.Min(text.Length, 4000)]}");
        return double.Parse(line![(line!.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
