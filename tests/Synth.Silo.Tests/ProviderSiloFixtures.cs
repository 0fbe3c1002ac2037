using Synth.Silo.Postgres;
using Synth.Silo.Sqlite;
using Synth.TestSupport;

namespace Synth.Silo.Tests;

/// <summary>A silo with a grain storage provider named <see cref="StorageName"/> and a reminder table, for one test class.</summary>
public interface IProviderSiloFixture : IAsyncLifetime
{
    public const string StorageName = "contract";

    ProviderSilo Silo { get; }
}

/// <summary>The embedded mode's providers: SQLite grain storage and reminder table in a temporary directory.</summary>
public sealed class SqliteProvidersFixture : IProviderSiloFixture
{
    private readonly TempDirectory _directory = new("sqlite-providers-");

    public ProviderSilo Silo { get; private set; } = null!;

    public string DatabasePath => _directory.File("synth.db");

    public async Task InitializeAsync() =>
        Silo = await ProviderSilo.StartAsync(silo => silo
            .AddSqliteGrainStorage(IProviderSiloFixture.StorageName, o => o.DatabasePath = DatabasePath)
            .UseSqliteReminderService(o => o.DatabasePath = DatabasePath));

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The cluster mode's providers: Orleans' ADO.NET grain storage and reminders ("Npgsql") on a database with the project's migrations.</summary>
public sealed class AdoNetProvidersFixture : IProviderSiloFixture
{
    private readonly PostgresDatabase _database = new();

    public ProviderSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await new PostgresMigrator(_database.ConnectionString).MigrateAsync();
        Silo = await ProviderSilo.StartAsync(silo => silo
            .AddAdoNetGrainStorage(IProviderSiloFixture.StorageName, o => { o.Invariant = "Npgsql"; o.ConnectionString = _database.ConnectionString; })
            .UseAdoNetReminderService(o => { o.Invariant = "Npgsql"; o.ConnectionString = _database.ConnectionString; }));
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null) await Silo.DisposeAsync();
        await _database.DisposeAsync();
    }
}
