using System.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;
using Orleans.Runtime;
using Synth.Grains.Placement;

namespace Synth.Api.Status;

/// <summary><c>GET /status</c> (service, mode, silos, uptime) and the health endpoints <c>/health/live</c> and <c>/health/ready</c> (also as <c>/healthz</c> and <c>/readyz</c>).</summary>
public static class StatusApi
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    private static readonly string Version =
        typeof(StatusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IServiceCollection AddSynthHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("the process answers"), [LiveTag])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", GetAsync).WithTags("Status").WithSummary("Service, version, mode, silos and uptime");
        var live = new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync };
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync };
        // Probes carry no credentials, and the answers hold no data.
        app.MapHealthChecks("/health/live", live).AllowAnonymous();
        app.MapHealthChecks("/health/ready", ready).AllowAnonymous();
        // The names Kubernetes users type.
        app.MapHealthChecks("/healthz", live).AllowAnonymous();
        app.MapHealthChecks("/readyz", ready).AllowAnonymous();
        return app;
    }

    /// <summary>Silos from Orleans' membership table (every one that joined, live or not), with their activations and, for the active ones, their tags.</summary>
    private static async Task<StatusResponse> GetAsync(IGrainFactory grains, IConfiguration configuration, ServerClock clock)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var activations = (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        var tags = await grains.GetGrain<ISiloTagsGrain>(0).GetTagsAsync();
        var now = DateTimeOffset.UtcNow;
        return new StatusResponse(
            "synth",
            Version,
            string.IsNullOrEmpty(configuration["Synth:Postgres"]) ? "embedded" : "cluster",
            clock.StartedAt,
            Math.Round((now - clock.StartedAt).TotalSeconds, 3),
            [.. hosts.Select(h => new SiloView(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.SiloAddress.Endpoint.ToString(),
                tags.GetValueOrDefault(h.SiloAddress.ToParsableString()) ?? [],
                h.Status.ToString(),
                h.StartTime,
                h.IAmAliveTime,
                activations.GetValueOrDefault(h.SiloAddress)))]);
    }
}
