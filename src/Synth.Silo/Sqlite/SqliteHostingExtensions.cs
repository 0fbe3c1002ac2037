using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Synth.Silo.Sqlite;

/// <summary>Registers the SQLite grain storage and reminder table on a silo (embedded mode).</summary>
public static class SqliteHostingExtensions
{
    /// <summary>Adds a grain storage provider named <paramref name="name"/> on a SQLite file.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        builder.Services.AddSqliteGrainStorage(name, configureOptions);
        return builder;
    }

    /// <inheritdoc cref="AddSqliteGrainStorage(ISiloBuilder, string, Action{SqliteGrainStorageOptions})"/>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configureOptions);
        services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp =>
            new SqliteStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));
        return services.AddGrainStorage(name, static (sp, name) => new SqliteGrainStorage(
            name,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<IActivatorProvider>(),
            sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
    }

    /// <summary>Makes the silo keep its reminders in a SQLite file (and turns reminders on).</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configureOptions)
    {
        builder.Services.UseSqliteReminderService(configureOptions);
        return builder;
    }

    /// <inheritdoc cref="UseSqliteReminderService(ISiloBuilder, Action{SqliteReminderTableOptions})"/>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services, Action<SqliteReminderTableOptions> configureOptions)
    {
        services.AddReminders();
        services.AddOptions<SqliteReminderTableOptions>().Configure(configureOptions);
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddTransient<IConfigurationValidator>(sp =>
            new SqliteStorageOptionsValidator(sp.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value, "reminders"));
        return services;
    }
}
