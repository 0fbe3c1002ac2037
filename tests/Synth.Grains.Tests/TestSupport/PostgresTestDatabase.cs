using Npgsql;

namespace Synth.Grains.Tests.TestSupport;

/// <summary>A fresh database on the test PostgreSQL (SYNTH_TEST_PG_CONNSTRING, set by ./test), dropped at the end.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name = "synth_grains_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresTestDatabase(string server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING");
        if (string.IsNullOrEmpty(server)) Assert.Fail("SYNTH_TEST_PG_CONNSTRING is not set. Run ./test, which starts a private PostgreSQL and exports it.");
        var database = new PostgresTestDatabase(server, "");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new PostgresTestDatabase(server, new NpgsqlConnectionStringBuilder(server) { Database = database._name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
