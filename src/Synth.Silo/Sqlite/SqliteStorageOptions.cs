namespace Synth.Silo.Sqlite;

/// <summary>The SQLite database file behind the embedded grain storage and reminder table.</summary>
public class SqliteStorageOptions
{
    /// <summary>Path of the database file; created with its directory when missing. Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>What a commit waits for. Default <see cref="SqliteSynchronous.Normal"/> (survives kill -9, not power loss).</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>How long a statement waits for another writer's lock before it fails. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
