namespace Synth.Silo.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> in WAL mode: what a commit waits for.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit survives a crash of the process (kill -9); the last commits before a power loss or
    /// kernel crash may be lost (the database stays consistent). The default: no fsync per write.
    /// </summary>
    Normal,

    /// <summary>Every commit is on disk before it returns (an fsync of the WAL per write): survives power loss. <c>synth serve --durable</c>.</summary>
    Full,
}
