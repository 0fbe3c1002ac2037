using Microsoft.Data.Sqlite;

namespace Synth.Runtime.Storage.Sqlite;

/// <summary>
/// One open connection and its prepared commands. Commands are cached by their SQL text and
/// reused, so each statement is compiled once per connection. Not thread-safe: a session is
/// used by one caller at a time (the writer under the write gate, a reader while rented).
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    /// <summary>How long a statement waits for another connection's lock before failing. 10 s.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private const string BeginSql = "BEGIN IMMEDIATE";
    private const string CommitSql = "COMMIT";
    private const string RollbackSql = "ROLLBACK";

    // The SQL texts are constants, so the same instance comes back every time: compare references, skip hashing.
    private readonly Dictionary<string, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private readonly SqliteConnection _connection;

    private SqliteSession(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens a connection with the store's pragmas. <paramref name="writer"/> turns on WAL (persistent in the file) and foreign keys.</summary>
    public static SqliteSession Open(string connectionString, bool writer, bool inMemory)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var session = new SqliteSession(connection);
            // busy_timeout first: switching to WAL needs a lock another store may be holding.
            session.ExecuteScript($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            if (writer)
            {
                session.ExecuteScript("PRAGMA foreign_keys = ON");
                session.ExecuteScript("PRAGMA synchronous = NORMAL");
                if (!inMemory)
                {
                    session.ExecuteScript("PRAGMA journal_mode = WAL");
                    // Checkpoints are the only fsyncs under synchronous=NORMAL: every 10,000 pages (~40 MB of WAL)
                    // instead of SQLite's 1,000 measured 30-50 % more transactions/s. The WAL file is cut back to
                    // 64 MB after a checkpoint.
                    session.ExecuteScript("PRAGMA wal_autocheckpoint = 10000");
                    session.ExecuteScript("PRAGMA journal_size_limit = 67108864");
                }
            }
            else
            {
                session.ExecuteScript("PRAGMA query_only = ON");
            }
            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The cached command for <paramref name="sql"/> with its parameters set. The same call site
    /// must always pass the same parameter names in the same order.
    /// </summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = (int)BusyTimeout.TotalSeconds;
            foreach (var (name, _) in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            _commands.Add(sql, command);
        }
        var bound = command.Parameters;
        for (var i = 0; i < parameters.Length; i++) bound[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs SQL once, uncached (pragmas, migration scripts).</summary>
    public void ExecuteScript(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)BusyTimeout.TotalSeconds;
        command.ExecuteNonQuery();
    }

    /// <summary>Takes SQLite's write lock now (not at the first write), so a transaction never has to upgrade a read lock and deadlock.</summary>
    public void Begin() => Execute(BeginSql);

    public void Commit() => Execute(CommitSql);

    /// <summary>Rolls back if a transaction is open; never throws (SQLite may already have rolled back after an error).</summary>
    public void RollbackQuietly()
    {
        try
        {
            Execute(RollbackSql);
        }
        catch (SqliteException)
        {
            // "cannot rollback - no transaction is active": nothing left to undo.
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        _connection.Dispose();
    }
}
