using Orleans.TestingHost;
using Synth.Silo.Postgres;
using Synth.Silo.Tests.TestGrains;
using Synth.TestSupport;

namespace Synth.Silo.Tests.Postgres;

/// <summary>
/// Two in-process silos and a client on Orleans' ADO.NET clustering, grain storage and reminders,
/// over a database that has only the project's migrations, applied by the silos as they start.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdoNetProvidersOnMigrationsTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync(); // empty: the silos migrate it as they start
        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[AdoNetClusterConfigurator.ConnectionStringKey] = _database.ConnectionString;
        builder.AddSiloBuilderConfigurator<AdoNetClusterConfigurator>();
        builder.AddClientBuilderConfigurator<AdoNetClusterConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Silos_started_on_an_empty_database_migrate_it_and_are_active_in_the_membership_table_serving_the_client()
    {
        var migrations = await _database.ScalarAsync<long>("SELECT count(*) FROM synth_schema_migrations");
        var active = await _database.ScalarAsync<long>("SELECT count(*) FROM orleans_membership WHERE status = 3");
        var grain = _cluster.Client.GetGrain<IJournalGrain>("membership");
        await grain.Append("hello");

        migrations.Should().Be(PostgresMigration.All.Count);
        active.Should().Be(2);
        (await grain.Entries()).Should().Equal("hello");
    }

    [Fact]
    public async Task Grain_state_and_a_reminder_survive_restarting_every_silo()
    {
        var grain = _cluster.Client.GetGrain<IJournalGrain>("restart");
        await grain.Append("first");
        await grain.Append("second");
        await grain.StartTicking();

        foreach (var silo in _cluster.Silos.ToArray()) await _cluster.RestartSiloAsync(silo);
        var ticksAfterRestart = await grain.Ticks();

        (await grain.Entries()).Should().Equal("first", "second");
        (await grain.HasReminder()).Should().BeTrue();
        (await _database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminders WHERE reminder_name = 'tick'")).Should().Be(1);
        (await Eventually.ReachesAsync(grain.Ticks, ticks => ticks > ticksAfterRestart)).Should().BeTrue("the reminder keeps firing on the restarted silos");
    }
}
