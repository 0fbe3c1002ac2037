using Microsoft.Data.Sqlite;
using Synth.Grains.Audit;
using Synth.Silo.Sqlite;

namespace Synth.Silo.Audit;

/// <summary>
/// The audit table of the embedded mode, in the silo's SQLite file beside the grain state:
/// <c>at</c> as microseconds since the Unix epoch (UTC); triggers refuse every UPDATE and DELETE.
/// </summary>
public sealed class SqliteAuditStore : IAuditStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS synth_audit
        (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            at       INTEGER NOT NULL,
            actor    TEXT    NOT NULL,
            role     TEXT,
            action   TEXT    NOT NULL,
            resource TEXT,
            outcome  TEXT    NOT NULL,
            address  TEXT,
            detail   TEXT
        );
        CREATE INDEX IF NOT EXISTS synth_audit_actor ON synth_audit (actor, id);
        CREATE INDEX IF NOT EXISTS synth_audit_action ON synth_audit (action, id);
        CREATE INDEX IF NOT EXISTS synth_audit_resource ON synth_audit (resource, id);
        CREATE INDEX IF NOT EXISTS synth_audit_at ON synth_audit (at);
        CREATE TRIGGER IF NOT EXISTS synth_audit_no_update BEFORE UPDATE ON synth_audit
            BEGIN SELECT RAISE(ABORT, 'synth_audit is append-only: UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS synth_audit_no_delete BEFORE DELETE ON synth_audit
            BEGIN SELECT RAISE(ABORT, 'synth_audit is append-only: DELETE refused'); END;
        """;

    private readonly SqliteDatabase _database;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteAuditStore(string databasePath, SqliteSynchronous synchronous = SqliteSynchronous.Normal) =>
        _database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = databasePath, Synchronous = synchronous });

    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO synth_audit (at, actor, role, action, resource, outcome, address, detail) VALUES (@at, @actor, @role, @action, @resource, @outcome, @address, @detail)";
        var parameters = new[] { "at", "actor", "role", "action", "resource", "outcome", "address", "detail" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        foreach (var e in events)
        {
            object?[] values = [Microseconds(e.At), e.Actor, e.Role, e.Action, e.Resource, e.Outcome, e.Address, e.Detail];
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        AuditSql.Prepare(command, query, t => Microseconds(t));
        return await AuditSql.ReadAsync(command, (r, i) => DateTimeOffset.UnixEpoch.AddTicks(r.GetInt64(i) * 10), cancellationToken);
    }

    private static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await _schemaLock.WaitAsync(cancellationToken);
            try
            {
                if (!_schemaReady) await _database.EnsureSchemaAsync(Schema, cancellationToken);
                _schemaReady = true;
            }
            finally
            {
                _schemaLock.Release();
            }
        }
        return await _database.OpenAsync(cancellationToken);
    }
}
