using Npgsql;

namespace Synth.TestSupport;

/// <summary>
/// A fresh, empty database on the PostgreSQL server that <c>./test</c> starts, for one test class
/// (as an <c>IClassFixture</c>) or one test (<see cref="CreateAsync"/>); dropped afterwards with
/// whatever connections are still open on it. Without the server's address in the environment,
/// every test using it fails and says how to get one: it never passes silently.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The server in Npgsql's key=value form, database <c>postgres</c> (exported by ./test).</summary>
    public const string ConnectionStringVariable = "SYNTH_TEST_PG_CONNSTRING";

    /// <summary>The same server as a <c>postgresql://</c> URI (exported by ./test).</summary>
    public const string UriVariable = "SYNTH_TEST_PG";

    private static readonly string? s_server =
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } text ? text : null;

    private static readonly string? s_serverUri =
        Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri ? uri : null;

    private string? _connectionString;

    /// <summary>The database's name: <c>synth_test_</c> and 16 random hex digits (a valid unquoted identifier).</summary>
    public string Name { get; } = "synth_test_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The database in Npgsql's key=value form; fails the calling test when no server is configured.</summary>
    public string ConnectionString
    {
        get
        {
            RequireServer();
            return _connectionString ?? throw new InvalidOperationException("The database was not created yet: call InitializeAsync first.");
        }
    }

    /// <summary>The database as a <c>postgresql://</c> URI (needs <see cref="UriVariable"/>).</summary>
    public string Uri
    {
        get
        {
            _ = ConnectionString;
            if (s_serverUri is null) Assert.Fail($"{UriVariable} is not set. Run ./test, which starts a private PostgreSQL and exports it.");
            return new UriBuilder(s_serverUri) { Path = "/" + Name }.Uri.ToString();
        }
    }

    /// <summary>Creates a database for one test; dispose it at the end of the test.</summary>
    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return database;
    }

    public async Task InitializeAsync()
    {
        if (s_server is null) return; // each test fails in ConnectionString, with the explanation
        await ExecuteOnServerAsync($"CREATE DATABASE {Name} ENCODING 'UTF8' TEMPLATE template0");
        _connectionString = new NpgsqlConnectionStringBuilder(s_server) { Database = Name }.ConnectionString;
    }

    /// <summary>Runs one query against the database and returns its first value, e.g. to look at a table no API exposes.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Runs one statement against the database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is null) return;
        _connectionString = null;
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static void RequireServer()
    {
        if (s_server is null)
        {
            Assert.Fail($"{ConnectionStringVariable} is not set, so there is no PostgreSQL to test against. Run ./test, which starts a " +
                        "private PostgreSQL and exports it, or wrap the run: scripts/pg-private.sh dotnet test tests/<Project>");
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        // Unpooled: a pooled connection to "postgres" would outlive the test run for nothing.
        var builder = new NpgsqlConnectionStringBuilder(s_server) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
