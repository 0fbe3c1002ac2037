using Microsoft.Extensions.Hosting;

namespace Synth.Runtime.Hosting;

/// <summary>Runs a <see cref="Silo"/> for the lifetime of a generic host; stopping the host hands every activation back.</summary>
internal sealed class SiloHostedService(Silo silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
