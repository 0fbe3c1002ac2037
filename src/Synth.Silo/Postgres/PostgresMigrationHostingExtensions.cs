using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Synth.Silo.Postgres;

/// <summary>Brings the cluster's database to this build's schema when a silo starts.</summary>
public static class PostgresMigrationHostingExtensions
{
    /// <summary>
    /// Runs <see cref="PostgresMigrator"/> at the very first stage of the silo's lifecycle, before the
    /// ADO.NET providers read their queries: whichever silo starts first on an empty database creates
    /// the schema, the others wait on the advisory lock and find nothing to do. A failure stops the start.
    /// </summary>
    public static ISiloBuilder AddPostgresMigrations(this ISiloBuilder builder, string connectionString)
    {
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
            new PostgresMigrationLifecycleParticipant(new PostgresMigrator(connectionString, sp.GetRequiredService<ILogger<PostgresMigrator>>())));
        return builder;
    }

    private sealed class PostgresMigrationLifecycleParticipant(PostgresMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgresMigrator), ServiceLifecycleStage.First, migrator.MigrateAsync);
    }
}
