using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using Synth.Silo.Postgres;
using Synth.Silo.Tests.TestGrains;

namespace Synth.Silo.Tests.Postgres;

/// <summary>
/// Silos and client of a TestingHost cluster on Orleans' own ADO.NET providers (invariant "Npgsql")
/// over the project's migrations, which each silo applies as it starts (AddPostgresMigrations):
/// the proof that the schema meets the providers' contract.
/// The database comes through the cluster's configuration, key <see cref="ConnectionStringKey"/>.
/// </summary>
public sealed class AdoNetClusterConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "SynthTest:Postgres";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[ConnectionStringKey];
        siloBuilder
            .AddPostgresMigrations(connectionString!)
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; })
            .AddAdoNetGrainStorage(JournalGrain.StorageName, o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; })
            .UseAdoNetReminderService(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; })
            .Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                o.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
            });
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration[ConnectionStringKey];
        clientBuilder.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; });
    }
}
