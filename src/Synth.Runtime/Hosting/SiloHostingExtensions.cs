using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.Storage.Sqlite;

namespace Synth.Runtime.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds a silo to the host: the store (PostgreSQL when Synth:Postgres is set, else embedded
    /// SQLite), the grain registry, options from "Synth:Silo", and the silo's lifetime.
    /// </summary>
    public static IHostApplicationBuilder AddSynthSilo(this IHostApplicationBuilder builder, Action<GrainTypeRegistry> registerGrains)
    {
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration("Synth");
        builder.Services.AddOptions<SiloOptions>().BindConfiguration("Synth:Silo")
            // Synth__Silo__Tags=gpu,fast from the environment arrives as one comma-separated entry.
            .PostConfigure(o => o.Tags = o.Tags.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList())
            .Validate(o => o.DeathTimeout > o.HeartbeatPeriod * 2, "Synth:Silo:DeathTimeout must be more than twice Synth:Silo:HeartbeatPeriod")
            .ValidateOnStart();
        AddStoreAndRegistry(builder, registerGrains);
        builder.Services.AddSingleton(services => new Silo(
            services.GetRequiredService<IClusterStore>(),
            services.GetRequiredService<GrainTypeRegistry>(),
            services.GetRequiredService<IOptions<SiloOptions>>().Value,
            services,
            services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(services => services.GetRequiredService<Silo>().Client);
        builder.Services.AddSingleton<IGrainFactory>(services => services.GetRequiredService<Silo>().Client);
        builder.Services.AddHostedService<SiloHostedService>();
        return builder;
    }

    /// <summary>
    /// Adds a cluster client without a silo (e.g. an API process in front of a cluster): it calls
    /// grains and reads streams but hosts none. Same store choice as <see cref="AddSynthSilo"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSynthClient(this IHostApplicationBuilder builder, Action<GrainTypeRegistry> registerGrains)
    {
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration("Synth");
        AddStoreAndRegistry(builder, registerGrains);
        builder.Services.AddSingleton(services => new ClusterClient(
            services.GetRequiredService<IClusterStore>(),
            services.GetRequiredService<GrainTypeRegistry>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<ClusterClient>()));
        builder.Services.AddSingleton<IGrainFactory>(services => services.GetRequiredService<ClusterClient>());
        builder.Services.AddHostedService<ClusterClientHostedService>();
        return builder;
    }

    private static void AddStoreAndRegistry(IHostApplicationBuilder builder, Action<GrainTypeRegistry> registerGrains)
    {
        var registry = new GrainTypeRegistry();
        registerGrains(registry);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<IClusterStore>(services =>
        {
            var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var loggers = services.GetRequiredService<ILoggerFactory>();
            return cluster.Postgres is { Length: > 0 } postgres
                ? new PostgresClusterStore(postgres, loggers.CreateLogger<PostgresClusterStore>())
                : new SqliteClusterStore(cluster.Sqlite, loggers.CreateLogger<SqliteClusterStore>());
        });
    }
}
