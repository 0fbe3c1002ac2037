using Microsoft.Extensions.Logging;

namespace Synth.Runtime.Storage.Sqlite;

/// <summary>
/// What the stores of one process share for one database: the write gate and the signals.
/// Several <see cref="SqliteClusterStore"/>s on the same file (silos of one process, tests)
/// take turns at the gate instead of spinning in SQLite's busy handler, and a notification
/// sent through one reaches listeners of all of them, as NOTIFY does on PostgreSQL. Another
/// process on the same file is still excluded by SQLite's own write lock.
/// </summary>
internal sealed class SqliteDatabase
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, SqliteDatabase> s_open = new(StringComparer.Ordinal);

    private readonly string _key;
    private int _references;

    private SqliteDatabase(string key, ILogger logger)
    {
        _key = key;
        Signals = new InProcessSignals(logger);
    }

    /// <summary>One writer at a time in this process, across all stores on this database.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public InProcessSignals Signals { get; }

    /// <summary>The shared state for <paramref name="key"/> (full file path or in-memory name); call <see cref="Release"/> once when done.</summary>
    public static SqliteDatabase Acquire(string key, ILogger logger)
    {
        lock (s_lock)
        {
            if (!s_open.TryGetValue(key, out var database))
            {
                database = new SqliteDatabase(key, logger);
                s_open.Add(key, database);
            }
            database._references++;
            return database;
        }
    }

    /// <summary>State shared with no other store: the store behaves as if it were alone in its own process (tests).</summary>
    public static SqliteDatabase CreateIsolated(string key, ILogger logger) => new(key, logger) { _references = 1 };

    public void Release()
    {
        lock (s_lock)
        {
            if (--_references > 0) return;
            if (s_open.TryGetValue(_key, out var registered) && registered == this) s_open.Remove(_key);
        }
    }
}
