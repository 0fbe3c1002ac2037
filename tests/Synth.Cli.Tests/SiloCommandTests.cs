using Synth.TestSupport;

namespace Synth.Cli.Tests;

/// <summary><c>synth silo</c> as an operator runs it: joins Orleans' membership table on PostgreSQL, leaves it cleanly on SIGTERM.</summary>
[Trait("Category", "Integration")]
public sealed class SiloCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    /// <summary>Orleans' SiloStatus values as the membership table stores them.</summary>
    private const int Active = 3;
    private const int Dead = 6;

    private readonly TempDirectory _artifacts = new();

    public void Dispose() => _artifacts.Dispose();

    [Fact]
    public async Task A_silo_migrates_an_empty_database_joins_with_its_name_and_leaves_as_dead_on_SIGTERM()
    {
        await using var silos = new SiloProcesses(database.ConnectionString, _artifacts.Path);
        var process = silos.Start("edge-1", tags: "gpu,fast");

        await Eventually(async () => await StatusOfAsync("edge-1") == Active);
        await SiloProcesses.SignalAsync(process, "TERM");
        var exited = process.WaitForExit(TimeSpan.FromSeconds(30));
        await Eventually(async () => await StatusOfAsync("edge-1") == Dead);

        exited.Should().BeTrue();
        process.ExitCode.Should().Be(0);
    }

    private async Task<int?> StatusOfAsync(string name)
    {
        try
        {
            return await database.ScalarAsync<int?>($"SELECT status FROM orleans_membership WHERE silo_name = '{name}' ORDER BY generation DESC LIMIT 1");
        }
        catch (Npgsql.PostgresException)
        {
            return null; // the silo has not migrated the database yet
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the silo never reached the expected state");
            await Task.Delay(200);
        }
    }
}
