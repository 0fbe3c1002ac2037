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
    public async Task Stream_records_and_budget_spends_and_refusals_are_counted()
    {
        var stream = (await (await _client.PostJsonAsync("/streams", new { schemaText = TestSchemas.Seed, rate = 50, limit = 20 })).ReadJsonAsync()).GetProperty("id").GetString()!;
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 40, epsilon: 1);
        await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst(epsilon: 0.5));
        (await _client.PostJsonAsync($"/datasets/{dataset}/fits", PrivateSynthesis.QuickMst(epsilon: 5))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await (await _client.GetAsync($"/streams/{stream}")).ReadJsonAsync()).GetProperty("status").GetString() != "Stopped")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"stream {stream} did not stop after its limit");
            await Task.Delay(50);
        }

        var text = await _client.GetStringAsync("/metrics");

        Sample(text, "synth_stream_records_total", "").Should().BeGreaterThanOrEqualTo(20);
        Sample(text, "synth_stream_lateness_seconds_count", "").Should().BeGreaterThanOrEqualTo(1, "a stream at a rate records how late each batch was");
        Sample(text, "synth_budget_spends_total", "").Should().BeGreaterThanOrEqualTo(1);
        Sample(text, "synth_budget_rho_total", "").Should().BeGreaterThan(0);
        Sample(text, "synth_budget_refusals_total", "").Should().BeGreaterThanOrEqualTo(1);
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
