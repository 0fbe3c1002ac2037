using Microsoft.Extensions.Diagnostics.HealthChecks;
using Synth.Runtime.Calls;
using Synth.Runtime.Storage;

namespace Synth.Api.Status;

/// <summary>
/// Ready when the cluster store answers. With no live silo the API still serves (listings, stored
/// files) but new jobs wait: Degraded, which still answers 200 so a load balancer keeps the API in.
/// </summary>
internal sealed class ClusterHealthCheck(ClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SiloRecord> silos;
        try
        {
            silos = await cluster.Membership.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the cluster store does not answer", e);
        }
        var live = silos.Count(s => s.Status == SiloStatus.Active);
        return live > 0
            ? HealthCheckResult.Healthy($"{live} live silo(s)")
            : HealthCheckResult.Degraded("no live silo: jobs wait until one joins");
    }
}
