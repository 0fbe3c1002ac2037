using System.Buffers;
using System.Text;
using Npgsql;

namespace Synth.Storage.Sinks;

/// <summary>
/// Appends each batch to a PostgreSQL table with one <c>COPY … FROM STDIN (FORMAT csv)</c>: a batch
/// is in the table entirely or not at all, and acknowledged when the COPY completes. The table is
/// created from the records' columns when absent (<paramref name="createTable"/>, made by the caller
/// from the schema). A broken connection is opened again at the next batch.
/// </summary>
public sealed class PostgresCopySink(string connectionString, string createTable, string copyCommand, long from) : BatchAcknowledgedSink(from)
{
    private NpgsqlConnection? _connection;

    public override string Format => "csv";

    protected override async ValueTask DeliverAsync(ReadOnlyMemory<byte> records, long first, int count, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await ConnectionAsync(cancellationToken);
            // Npgsql takes a text COPY as characters (its raw stream is for the binary format only).
            var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(records.Length));
            try
            {
                var length = Encoding.UTF8.GetChars(records.Span, chars);
                // Disposing the writer ends the COPY: the rows are in the table, or it throws and none are.
                await using var copy = await connection.BeginTextImportAsync(copyCommand, cancellationToken);
                await copy.WriteAsync(chars.AsMemory(0, length), cancellationToken);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            await ForgetConnectionAsync();
            throw new SinkException($"postgres: {e.Message}", e);
        }
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open }) return _connection;
        await ForgetConnectionAsync();
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand(createTable, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return _connection = connection;
    }

    private async Task ForgetConnectionAsync()
    {
        if (_connection is null) return;
        var connection = _connection;
        _connection = null;
        await connection.DisposeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await ForgetConnectionAsync();
        await base.DisposeAsync();
    }
}
