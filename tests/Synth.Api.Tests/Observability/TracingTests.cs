using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Synth.Api.Tests.TestSupport;
using Synth.Cli.Hosting;

namespace Synth.Api.Tests.Observability;

/// <summary>
/// With OTEL_EXPORTER_OTLP_ENDPOINT set, the embedded server sends its spans to that collector over
/// OTLP/HTTP, and one trace runs from the API's request through the job grain to the shard.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TracingTests
{
    [Fact]
    public async Task A_submitted_job_is_one_trace_from_the_API_request_through_the_job_grain_to_its_shards()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var data = new TempDirectory();
        await using var app = SynthServer.BuildEmbedded(new SynthServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = data.Path,
            ConfigureBuilder = b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SYNTH_LOG_LEVEL"] = "warning",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            }),
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(SynthServer.ListeningUrl(app)) };

        var job = await TestSupport.Jobs.RunToSuccessAsync(client, new { schemaText = TestSchemas.Seed, rows = 5000 });

        // The listener is process-wide: jobs of tests running beside this one are exported too, so
        // the shard is picked by its job's id. Its span ends after the shard reported to the job
        // (the report is inside it), so the job may succeed a moment before: flush until it is in.
        var id = job.GetProperty("id").GetString();
        var tracer = app.Services.GetRequiredService<TracerProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<ReceivedSpan> spans;
        ReceivedSpan? shard;
        while (true)
        {
            tracer.ForceFlush(30_000).Should().BeTrue();
            spans = [.. collector.Spans];
            shard = spans.FirstOrDefault(s => s.Scope == "Synth" && s.Name == "synth.shard" && s.Attributes.GetValueOrDefault("synth.job") == id);
            if (shard is not null || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        shard.Should().NotBeNull("the shard's span is exported, tagged with its job");
        var trace = spans.Where(s => s.TraceId == shard!.TraceId).ToList();
        trace.Should().ContainSingle(s => s.ParentSpanId == "", "a trace has one root").Which.Scope.Should().Be("Microsoft.AspNetCore",
            $"the shard's trace starts at the API's request (POST /jobs); spans of that trace: {string.Join(", ", trace.Select(s => $"{s.Scope}:{s.Name}"))}");
        trace.Should().Contain(s => s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.Name.Contains("SubmitAsync", StringComparison.Ordinal),
            "the job grain's call is in the same trace");
        trace.Select(s => s.SpanId).Should().Contain(shard!.ParentSpanId, "the shard's parent is a span of that trace");
    }
}
