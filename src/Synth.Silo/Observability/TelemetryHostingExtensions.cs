using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Synth.Grains.Observability;

namespace Synth.Silo.Observability;

/// <summary>
/// Metrics and traces of every Synth process, through OpenTelemetry: the Prometheus exporter
/// (<see cref="MetricsPath"/>, mapped by <see cref="MapSynthMetrics"/>) always, and OTLP export of
/// metrics and traces when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other standard
/// <c>OTEL_*</c> variables apply: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>, …).
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The environment variable (or configuration key) that turns OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>grpc (the exporter's default) or http/protobuf; read by the OTLP exporter.</summary>
    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The service's name in the telemetry, instead of synth-api/synth-silo/synth-serve.</summary>
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>Meters exported besides Synth's own: Orleans' runtime, ASP.NET Core's HTTP server and SignalR.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        SynthMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>Span sources: Synth's shards, Orleans' grain calls (with activity propagation on), ASP.NET Core's requests.</summary>
    public static readonly IReadOnlyList<string> Sources =
    [
        SynthTracing.SourceName,
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        "Microsoft.AspNetCore",
    ];

    /// <summary>Whether traces and metrics go to an OTLP collector.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

    /// <param name="serviceName">The service's name in the telemetry (OTEL_SERVICE_NAME wins): synth-api, synth-silo or synth-serve.</param>
    public static IHostApplicationBuilder AddSynthTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var otlp = ExportsOtlp(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration[ServiceNameVariable] is { Length: > 0 } name ? name : serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters]);
                // Pull: nothing is collected until a scrape asks.
                metrics.AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
        // Spans are made only when someone listens: without a collector, none are.
        if (otlp) telemetry.WithTracing(tracing => tracing.AddSource([.. Sources]).AddOtlpExporter());
        return builder;
    }

    /// <summary>Serves the Prometheus text format at <see cref="MetricsPath"/>.</summary>
    public static IEndpointConventionBuilder MapSynthMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
}
