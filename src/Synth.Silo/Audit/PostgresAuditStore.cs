using Npgsql;
using NpgsqlTypes;
using Synth.Grains.Audit;

namespace Synth.Silo.Audit;

/// <summary>
/// The audit table of a cluster (<c>synth_audit</c>, migration 0005): a batch is one binary COPY (one
/// round trip, one transaction); a trigger refuses every UPDATE, DELETE and TRUNCATE.
/// </summary>
public sealed class PostgresAuditStore(string connectionString) : IAuditStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY synth_audit (at, actor, role, action, resource, outcome, address, detail) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var e in events)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(e.At.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(e.Actor, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, e.Role, cancellationToken);
            await copy.WriteAsync(e.Action, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, e.Resource, cancellationToken);
            await copy.WriteAsync(e.Outcome, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(copy, e.Address, cancellationToken);
            await WriteAsync(copy, e.Detail, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = _source.CreateCommand();
        AuditSql.Prepare(command, query, t => t.UtcDateTime);
        return await AuditSql.ReadAsync(command, (r, i) => new DateTimeOffset(r.GetFieldValue<DateTime>(i), TimeSpan.Zero), cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, string? text, CancellationToken cancellationToken) =>
        text is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(text, NpgsqlDbType.Varchar, cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
