using Synth.Silo.Postgres;
using PostgresDatabase = Synth.TestSupport.PostgresDatabase;

namespace Synth.Cli.Tests;

[Trait("Category", "Integration")]
public sealed class DbCommandTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly TempDirectory _directory = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Migrate_applies_every_migration_once_and_a_second_run_says_up_to_date()
    {
        var first = SynthProcess.Run(_directory.Path, "db", "migrate", "--postgres", _database.ConnectionString);
        var second = SynthProcess.Run(_directory.Path, "db", "migrate", "--postgres", _database.ConnectionString);

        first.ExitCode.Should().Be(0, first.Stderr);
        first.Stdout.Should().Contain(PostgresMigration.All[0].Name).And.Contain(PostgresMigration.All[^1].Name);
        second.ExitCode.Should().Be(0, second.Stderr);
        second.Stdout.Should().Contain("up to date");
        (await _database.ScalarAsync<long>("SELECT count(*) FROM synth_schema_migrations")).Should().Be(PostgresMigration.All.Count);
    }

    [Theory]
    [InlineData("Hots=db;Database=synth")]
    [InlineData("this is not key=value;;=")]
    [InlineData("Database=synth;Username=synth")]
    [InlineData("")]
    public void A_bad_connection_string_is_one_error_line_naming_the_option_and_exit_code_2(string connectionString)
    {
        var result = SynthProcess.Run(_directory.Path, "db", "migrate", "--postgres", connectionString);

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --postgres:");
    }

    [Fact]
    public void A_server_that_does_not_answer_is_one_error_line_without_the_password()
    {
        var result = SynthProcess.Run(_directory.Path, "db", "migrate", "--postgres", "Host=127.0.0.1;Port=1;Database=synth;Username=synth;Password=hunter2;Timeout=3");

        result.ExitCode.Should().Be(1);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: database synth on 127.0.0.1:1:").And.NotContain("hunter2");
    }
}
