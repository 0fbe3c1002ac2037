using Microsoft.Extensions.Hosting;
using Synth.Runtime.Calls;
using Synth.Runtime.Storage;

namespace Synth.Runtime.Hosting;

/// <summary>Starts a silo-less <see cref="ClusterClient"/> with the host (migrating the store first: the client may be the first process up) and disposes it at the end.</summary>
internal sealed class ClusterClientHostedService(IClusterStore store, ClusterClient client) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await client.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await client.DisposeAsync().ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
    }
}
