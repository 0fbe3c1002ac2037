using Microsoft.Data.Sqlite;
using Synth.Grains.Audit;
using Synth.Silo.Audit;
using Synth.Silo.Postgres;
using Synth.TestSupport;

namespace Synth.Silo.Tests.Audit;

/// <summary>An audit store for one test class, and a way to run SQL on its table behind the store's back.</summary>
public interface IAuditStoreFixture : IAsyncLifetime
{
    IAuditStore Store { get; }

    /// <summary>Runs a statement on the store's database directly (what someone with database access could try).</summary>
    Task ExecuteAsync(string sql);
}

/// <summary>The embedded mode's audit table, in a SQLite file.</summary>
public sealed class SqliteAuditStoreFixture : IAuditStoreFixture
{
    private readonly TempDirectory _directory = new("sqlite-audit-");

    public IAuditStore Store { get; private set; } = null!;

    public string DatabasePath => _directory.File("cluster.db");

    public Task InitializeAsync()
    {
        Store = new SqliteAuditStore(DatabasePath);
        return Task.CompletedTask;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The cluster mode's audit table, on a PostgreSQL database with the project's migrations.</summary>
public sealed class PostgresAuditStoreFixture : IAuditStoreFixture
{
    private readonly PostgresDatabase _database = new();
    private PostgresAuditStore? _store;

    public IAuditStore Store => _store!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await new PostgresMigrator(_database.ConnectionString).MigrateAsync();
        _store = new PostgresAuditStore(_database.ConnectionString);
    }

    public Task ExecuteAsync(string sql) => _database.ExecuteAsync(sql);

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await _database.DisposeAsync();
    }
}
