using Npgsql;
using Synth.Silo.Postgres;
using Synth.TestSupport;

namespace Synth.Silo.Tests.Postgres;

[Trait("Category", "Integration")]
public sealed class PostgresMigratorTests
{
    /// <summary>Every query key the ADO.NET clustering, grain storage and reminder providers of Orleans 10 look up.</summary>
    private static readonly string[] s_providerQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void The_build_ships_migrations_numbered_from_one_without_gaps_each_opening_with_its_contract()
    {
        PostgresMigration.All.Select(m => m.Version).Should().Equal(Enumerable.Range(1, PostgresMigration.All.Count));
        PostgresMigration.All.Should().OnlyContain(m => m.Sql.StartsWith("-- Migration " + m.Version.ToString("D4"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_database_gets_every_migration_and_every_query_the_providers_look_up()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var applied = await new PostgresMigrator(database.ConnectionString).MigrateAsync();

        applied.Select(m => m.Version).Should().Equal(PostgresMigration.All.Select(m => m.Version));
        (await database.ScalarAsync<long>("SELECT count(*) FROM synth_schema_migrations")).Should().Be(PostgresMigration.All.Count);
        var keys = await QueryKeysAsync(database);
        keys.Should().Contain(s_providerQueryKeys);
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_again_changes_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await new PostgresMigrator(database.ConnectionString).MigrateAsync();
        var recordedBefore = await database.ScalarAsync<DateTime>("SELECT max(applied_at) FROM synth_schema_migrations");

        var applied = await new PostgresMigrator(database.ConnectionString).MigrateAsync();

        applied.Should().BeEmpty();
        (await database.ScalarAsync<long>("SELECT count(*) FROM synth_schema_migrations")).Should().Be(PostgresMigration.All.Count);
        (await database.ScalarAsync<DateTime>("SELECT max(applied_at) FROM synth_schema_migrations")).Should().Be(recordedBefore);
    }

    [Fact]
    public async Task Four_migrators_started_together_on_an_empty_database_all_succeed_and_each_migration_is_applied_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var start = new ManualResetEventSlim();

        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await new PostgresMigrator(database.ConnectionString).MigrateAsync();
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(runs);

        results.SelectMany(r => r).Select(m => m.Version).Should().BeEquivalentTo(PostgresMigration.All.Select(m => m.Version));
        results.Count(r => r.Count > 0).Should().Be(1);
        (await database.ScalarAsync<long>("SELECT count(*) FROM synth_schema_migrations")).Should().Be(PostgresMigration.All.Count);
    }

    [Fact]
    public async Task A_failing_migration_rolls_back_every_step_of_its_run()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var broken = new PostgresMigration(PostgresMigration.All.Count + 1, $"{PostgresMigration.All.Count + 1:D4}_broken", "-- Migration: broken\nCREATE TABLE not valid sql");
        var migrator = new PostgresMigrator(database.ConnectionString, [.. PostgresMigration.All, broken]);

        var act = () => migrator.MigrateAsync();

        await act.Should().ThrowAsync<PostgresException>();
        (await database.ScalarAsync<string>("SELECT to_regclass('orleansquery')::text")).Should().BeNull();
        (await database.ScalarAsync<string>("SELECT to_regclass('synth_schema_migrations')::text")).Should().BeNull();
    }

    [Fact]
    public async Task A_released_migration_changed_after_it_was_applied_is_refused_by_name()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await new PostgresMigrator(database.ConnectionString).MigrateAsync();
        var edited = PostgresMigration.All.Select(m => m.Version == 2 ? m with { Sql = m.Sql + "\n-- edited" } : m).ToArray();

        var act = () => new PostgresMigrator(database.ConnectionString, edited).MigrateAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage($"*{PostgresMigration.All[1].Name}*");
    }

    private static async Task<List<string>> QueryKeysAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }
}
