using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;
using Orleans.Runtime;

namespace Synth.Api.Status;

/// <summary>
/// Ready when the cluster answers (Orleans' management grain, from the membership table). With no
/// live silo the API still serves stored files but new jobs wait: Degraded, which still answers
/// 200 so a load balancer keeps the API in.
/// </summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int live;
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            live = silos.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", e);
        }
        return live > 0
            ? HealthCheckResult.Healthy($"{live} live silo(s)")
            : HealthCheckResult.Degraded("no live silo: jobs wait until one joins");
    }
}
