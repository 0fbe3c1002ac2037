using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synth.Silo.Postgres;

namespace Synth.Silo.Hosting;

/// <summary>
/// Brings the cluster's database to this build's schema before Orleans starts (registered ahead
/// of the silo or client, so it runs first): whichever process starts first applies what is
/// pending, under the migrator's advisory lock; the others find nothing to do.
/// </summary>
internal sealed class PostgresMigrationService(string connectionString, ILogger<PostgresMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await new PostgresMigrator(connectionString, logger).MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
