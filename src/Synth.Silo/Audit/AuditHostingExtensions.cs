using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Synth.Grains.Audit;
using Synth.Silo.Sqlite;

namespace Synth.Silo.Audit;

/// <summary>Registers the audit log of a process: its store (the cluster's database) and the batched writer that records into it.</summary>
public static class AuditHostingExtensions
{
    /// <summary>
    /// The audit table in PostgreSQL (cluster mode, <paramref name="postgres"/>) or else in the SQLite file
    /// <paramref name="sqlitePath"/> (embedded). Once per process: a second call (an embedded silo co-hosted with the API) adds nothing.
    /// </summary>
    public static IServiceCollection AddSynthAudit(this IServiceCollection services, string? postgres, string? sqlitePath, bool durable = false)
    {
        if (services.Any(s => s.ServiceType == typeof(IAuditStore))) return services;
        if (!string.IsNullOrEmpty(postgres)) services.AddSingleton<IAuditStore>(new PostgresAuditStore(postgres));
        else if (!string.IsNullOrEmpty(sqlitePath)) services.AddSingleton<IAuditStore>(new SqliteAuditStore(sqlitePath, durable ? SqliteSynchronous.Full : SqliteSynchronous.Normal));
        else throw new ArgumentException("the audit log is kept in PostgreSQL (Synth:Postgres) or in a SQLite file (the data directory)");
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName)
            .Validate(o => o.QueueCapacity >= 1, "Synth:Audit:QueueCapacity must be at least 1")
            .Validate(o => o.BatchSize >= 1, "Synth:Audit:BatchSize must be at least 1")
            .Validate(o => o.MaxWait > TimeSpan.Zero, "Synth:Audit:MaxWait must be positive");
        services.TryAddSingleton<AuditWriter>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        return services;
    }
}
