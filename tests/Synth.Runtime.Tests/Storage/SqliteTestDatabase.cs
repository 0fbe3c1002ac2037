using Synth.Runtime.Storage.Sqlite;

namespace Synth.Runtime.Tests.Storage;

/// <summary>
/// A SQLite database file in its own temporary directory, and the stores opened on it (each one
/// stands for a silo). Disposing closes the stores and deletes the directory. Also a class
/// fixture: one database for all the tests of a class.
/// </summary>
public sealed class SqliteTestDatabase : IAsyncDisposable, IAsyncLifetime
{
    private readonly List<SqliteClusterStore> _stores = [];
    private readonly Lock _lock = new();

    public SqliteTestDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "synth-sqlite-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "cluster.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>
    /// A new store on this database, migrated unless told otherwise. An <paramref name="isolated"/>
    /// store shares nothing with the others but the file, as a store in another process would.
    /// </summary>
    internal async Task<SqliteClusterStore> OpenAsync(TimeProvider? clock = null, bool migrate = true, bool isolated = false)
    {
        var store = new SqliteClusterStore(Path, logger: null, clock, isolated);
        lock (_lock) _stores.Add(store);
        if (migrate) await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        SqliteClusterStore[] stores;
        lock (_lock)
        {
            stores = [.. _stores];
            _stores.Clear();
        }
        foreach (var store in stores) await store.DisposeAsync();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
