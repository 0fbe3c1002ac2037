using System.Text;
using Npgsql;
using Synth.Storage.Sinks;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Sinks;

/// <summary>The PostgreSQL sink against the test PostgreSQL.</summary>
public sealed class PostgresCopySinkTests : IClassFixture<PostgresDatabase>
{
    private const string Create = "CREATE TABLE IF NOT EXISTS \"events\" (\"seq\" BIGINT NOT NULL, \"name\" TEXT, \"amount\" DOUBLE PRECISION);\n";
    private const string Copy = "COPY \"events\" (\"seq\", \"name\", \"amount\") FROM STDIN (FORMAT csv)";
    private readonly PostgresDatabase _database;

    public PostgresCopySinkTests(PostgresDatabase database) => _database = database;

    [Fact]
    public async Task Batches_are_copied_into_the_table_it_creates_and_a_second_sink_appends_to_it()
    {
        await using (var sink = new PostgresCopySink(_database.ConnectionString, Create, Copy, from: 0))
        {
            await sink.WriteAsync(Encoding.UTF8.GetBytes("0,\"Ann, Jr.\",1.5\n1,,2.25\n"), 2, CancellationToken.None);
            await sink.WriteAsync(Encoding.UTF8.GetBytes("2,Bob,-3\n"), 1, CancellationToken.None);
            (sink.Position, sink.Acked).Should().Be((3L, 3L));
        }
        await using (var again = new PostgresCopySink(_database.ConnectionString, Create, Copy, from: 3))
        {
            await again.WriteAsync(Encoding.UTF8.GetBytes("3,Cy,4\n"), 1, CancellationToken.None);
        }

        var rows = await RowsAsync();
        rows.Should().Equal((0L, "Ann, Jr.", 1.5), (1L, null, 2.25), (2L, "Bob", -3.0), (3L, "Cy", 4.0));
    }

    [Fact]
    public async Task A_batch_the_table_refuses_is_not_copied_at_all_and_fails_naming_postgres()
    {
        const string create = "CREATE TABLE IF NOT EXISTS \"strict\" (\"seq\" BIGINT NOT NULL);\n";
        await using var sink = new PostgresCopySink(_database.ConnectionString, create, "COPY \"strict\" (\"seq\") FROM STDIN (FORMAT csv)", from: 0);

        var write = async () => await sink.WriteAsync(Encoding.UTF8.GetBytes("1\nnot-a-number\n"), 2, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("postgres: *");
        sink.Position.Should().Be(0);
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"strict\"", connection);
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(0, "a COPY is all or nothing");
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_the_delivery()
    {
        await using var sink = new PostgresCopySink("Host=127.0.0.1;Port=1;Timeout=2", Create, Copy, from: 0);

        var write = async () => await sink.WriteAsync(Encoding.UTF8.GetBytes("0,a,1\n"), 1, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("postgres: *");
    }

    private async Task<List<(long, string?, double)>> RowsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT seq, name, amount FROM \"events\" ORDER BY seq", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<(long, string?, double)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDouble(2)));
        return rows;
    }
}
