using System.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Synth.Runtime.Calls;
using Synth.Runtime.Hosting;

namespace Synth.Api.Status;

/// <summary><c>GET /status</c> (service, mode, silos, uptime) and the health endpoints <c>/health/live</c> and <c>/health/ready</c>.</summary>
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
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync });
        return app;
    }

    private static async Task<StatusResponse> GetAsync(ClusterClient cluster, IOptions<ClusterOptions> options, ServerClock clock, CancellationToken cancellationToken)
    {
        var silos = await cluster.Membership.RefreshAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        return new StatusResponse(
            "synth",
            Version,
            string.IsNullOrEmpty(options.Value.Postgres) ? "embedded" : "cluster",
            clock.StartedAt,
            Math.Round((now - clock.StartedAt).TotalSeconds, 3),
            silos.Select(s => new SiloView(s.SiloId, s.Name, s.Address, s.Tags, s.Status.ToString(), s.StartedAt, s.HeartbeatAt, s.Activations)).ToList());
    }
}
