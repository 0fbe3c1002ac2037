using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Synth.Grains;
using Synth.Silo.Audit;
using Synth.Silo.Membership;
using Synth.Silo.Placement;
using Synth.Silo.Postgres;
using Synth.Silo.Sqlite;
using Synth.Storage;

namespace Synth.Silo.Hosting;

/// <summary>
/// The one place that configures Orleans for Synth. A silo runs in one of two modes:
/// cluster mode when "Synth:Postgres" (Synth__Postgres) holds a connection string — ADO.NET
/// clustering, grain storage and reminders on PostgreSQL (Npgsql invariant) — and embedded mode
/// otherwise: one silo with localhost clustering and its state under the data directory.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>Cluster and service id shared by every silo and client of one Synth deployment.</summary>
    public const string ClusterId = "synth";

    /// <summary>The cluster's PostgreSQL connection string (Synth__Postgres); none: embedded mode.</summary>
    public const string PostgresSetting = "Synth:Postgres";

    /// <summary>Embedded mode: the directory of the state and the local artifacts (Synth__DataDirectory). Default ./synth-data.</summary>
    public const string DataDirectorySetting = "Synth:DataDirectory";

    /// <summary>Embedded mode: "true" makes the SQLite state survive power loss (synth serve --durable).</summary>
    public const string DurableSetting = "Synth:Durable";

    /// <summary>The ADO.NET invariant of PostgreSQL.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds a silo (with Synth's grains) to the host, the artifact store its shards write to, and
    /// the shard worker. Settings: "Synth:Postgres", "Synth:Silo" (<see cref="SiloOptions"/>),
    /// "Synth:Artifacts", "Synth:Jobs".
    /// </summary>
    public static IHostApplicationBuilder AddSynthSilo(this IHostApplicationBuilder builder)
    {
        var options = new SiloOptions();
        builder.Configuration.GetSection(SiloOptions.SectionName).Bind(options);
        var postgres = builder.Configuration[PostgresSetting];
        var tags = options.NormalizedTags();
        var dataDirectory = builder.Configuration[DataDirectorySetting] is { Length: > 0 } directory ? directory : "synth-data";
        var durable = string.Equals(builder.Configuration[DurableSetting], "true", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddSingleton(options);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = options.Name);
            // Failover in seconds (probe 1 s, 3 missed probes), and placement by this silo's tags.
            silo.UseSynthFailureDetection();
            silo.UseSiloTags(tags);
            // Grain calls join the caller's trace (spans only when a tracer listens: OTLP configured).
            silo.AddActivityPropagation();
            if (!string.IsNullOrEmpty(postgres))
            {
                silo.AddPostgresMigrations(postgres);
                silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, postgres));
                if (options.Kubernetes)
                {
                    // The pod gives the name, the address and the cluster's ids (ORLEANS_CLUSTER_ID/ORLEANS_SERVICE_ID, "synth" in the manifests); the ports stay ours.
                    silo.UseKubernetesHosting();
                    silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (options.SiloPort ?? SiloOptions.DefaultSiloPort, options.GatewayPort ?? SiloOptions.DefaultGatewayPort));
                }
                else
                {
                    var address = options.AdvertisedAddress is { } advertised ? IPAddress.Parse(advertised) : null;
                    silo.ConfigureEndpoints(address ?? FirstIPv4(), options.SiloPort ?? SiloOptions.DefaultSiloPort, options.GatewayPort ?? SiloOptions.DefaultGatewayPort, listenOnAnyHostAddress: address is null);
                }
            }
            else
            {
                // Embedded: no other silo will join, and the API calls from inside this process, so
                // no gateway; the silo port only has to be free on loopback.
                silo.UseLocalhostClustering(options.SiloPort ?? FreeLoopbackPort(), options.GatewayPort ?? 0);
            }
            silo.AddSynthProviders(postgres, Path.Combine(dataDirectory, "cluster.db"), durable);
            // The cluster view the API mounts at /orleans (grain and silo statistics).
            silo.AddDashboard();
        });
        builder.AddSynthArtifacts();
        builder.AddSiloWorkers(tags);
        return builder;
    }

    /// <summary>
    /// What every Synth silo needs whatever its clustering (the TestingHost fixture uses it too):
    /// the grain storage, reminders and the audit log — on PostgreSQL (ADO.NET) with a connection string, else in
    /// the SQLite file <paramref name="sqlitePath"/> (embedded).
    /// </summary>
    public static ISiloBuilder AddSynthProviders(this ISiloBuilder silo, string? postgres, string? sqlitePath = null, bool durable = false)
    {
        if (!string.IsNullOrEmpty(postgres))
        {
            silo.AddAdoNetGrainStorage(SynthStorage.Name, o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, postgres));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, postgres));
            silo.Services.AddSynthAudit(postgres, null);
        }
        else if (!string.IsNullOrEmpty(sqlitePath))
        {
            // Embedded: state and reminders in one SQLite file; NORMAL survives a crash of the process, FULL (--durable) power loss too.
            var synchronous = durable ? SqliteSynchronous.Full : SqliteSynchronous.Normal;
            silo.AddSqliteGrainStorage(SynthStorage.Name, o => (o.DatabasePath, o.Synchronous) = (sqlitePath, synchronous));
            silo.UseSqliteReminderService(o => (o.DatabasePath, o.Synchronous) = (sqlitePath, synchronous));
            silo.Services.AddSynthAudit(null, sqlitePath, durable);
        }
        else
        {
            throw new ArgumentException("a Synth silo keeps its state in PostgreSQL (Synth:Postgres) or in a SQLite file (the data directory)");
        }
        return silo;
    }

    /// <summary>Migrates the cluster's database at start-up, before the Orleans client connects (silos migrate in their own lifecycle).</summary>
    internal static IHostApplicationBuilder AddPostgresMigration(this IHostApplicationBuilder builder, string postgres)
    {
        builder.Services.AddHostedService(services => new PostgresMigrationService(postgres,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Postgres.PostgresMigrator>>()));
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IPAddress FirstIPv4() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;
}
