using Npgsql;

namespace Synth.Cli.Tests;

/// <summary>A fresh database on the test PostgreSQL (SYNTH_TEST_PG_CONNSTRING, set by ./test), dropped (with its connections) at the end.</summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING");
        if (string.IsNullOrEmpty(server)) Assert.Fail("SYNTH_TEST_PG_CONNSTRING is not set. Run ./test, which starts a private PostgreSQL and exports it.");
        var database = new PostgresTestDatabase(server, prefix + Guid.NewGuid().ToString("N")[..12]);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
