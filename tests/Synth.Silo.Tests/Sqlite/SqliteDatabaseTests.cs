using Synth.Silo.Sqlite;
using Synth.TestSupport;

namespace Synth.Silo.Tests.Sqlite;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-db-");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1L)]
    [InlineData(SqliteSynchronous.Full, 2L)]
    public async Task Every_connection_runs_in_WAL_mode_with_the_chosen_synchronous_level(SqliteSynchronous synchronous, long pragmaValue)
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = _directory.File("nested/dir/synth.db"), Synchronous = synchronous });
        await database.EnsureSchemaAsync("CREATE TABLE IF NOT EXISTS t (x INTEGER);");

        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        var actual = (long)(await command.ExecuteScalarAsync())!;
        command.CommandText = "PRAGMA journal_mode";
        var journal = (string)(await command.ExecuteScalarAsync())!;

        actual.Should().Be(pragmaValue);
        journal.Should().Be("wal");
    }

    [Fact]
    public void The_default_is_synchronous_normal_with_a_30_second_busy_timeout()
    {
        var options = new SqliteStorageOptions();

        options.Synchronous.Should().Be(SqliteSynchronous.Normal);
        options.BusyTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_provider_without_a_database_path_is_refused_naming_the_provider_and_the_setting()
    {
        var validator = new SqliteStorageOptionsValidator(new SqliteStorageOptions(), "jobs");

        var act = validator.ValidateConfiguration;

        act.Should().Throw<OrleansConfigurationException>().WithMessage("*'jobs'*DatabasePath*");
    }

    [Fact]
    public void A_busy_timeout_of_zero_is_refused_naming_the_setting()
    {
        var validator = new SqliteStorageOptionsValidator(new SqliteStorageOptions { DatabasePath = "x.db", BusyTimeout = TimeSpan.Zero }, "jobs");

        var act = validator.ValidateConfiguration;

        act.Should().Throw<OrleansConfigurationException>().WithMessage("*BusyTimeout*");
    }

    [Fact]
    public async Task A_silo_whose_sqlite_storage_has_no_path_does_not_start_and_says_why()
    {
        var start = () => ProviderSilo.StartAsync(silo => silo.AddSqliteGrainStorage("jobs", _ => { }));

        await start.Should().ThrowAsync<Exception>().Where(e => e.ToString().Contains("DatabasePath", StringComparison.Ordinal));
    }
}
