using Microsoft.Data.Sqlite;

namespace Synth.Silo.Sqlite;

/// <summary>
/// Opens connections to one SQLite file with the settings every statement relies on: WAL (readers
/// never wait for the writer), the chosen <c>synchronous</c> level, and a busy timeout so that a
/// second writer waits for the lock instead of failing. Connections are pooled by Microsoft.Data.Sqlite.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDatabase(SqliteStorageOptions options)
    {
        var path = System.IO.Path.GetFullPath(options.DatabasePath);
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        var synchronous = options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
        _pragmas = $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};";
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _pragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the file (and its directory) in WAL mode, then runs <paramref name="schema"/> (idempotent DDL).</summary>
    public async Task EnsureSchemaAsync(string schema, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // WAL is a property of the file: set once, every later connection uses it.
        command.CommandText = "PRAGMA journal_mode = WAL; " + schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
