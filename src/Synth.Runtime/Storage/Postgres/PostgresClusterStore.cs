using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Synth.Runtime.Storage.Postgres;

/// <summary>
/// The cluster's <see cref="IClusterStore"/>: PostgreSQL, reached through a pooled
/// <see cref="NpgsqlDataSource"/>, plus one dedicated connection per store for LISTEN. Every
/// guarantee is a transaction, a row lock or a unique key of the database; times are the
/// server's <c>now()</c>. Tables and their guarantees: <c>Migrations/0001-cluster.sql</c>.
/// </summary>
public sealed partial class PostgresClusterStore : IClusterStore
{
    /// <summary>This provider's versioned migrations, in order.</summary>
    internal static IReadOnlyList<SqlMigration> Migrations { get; } = SqlMigration.For(typeof(PostgresClusterStore));

    /// <summary>
    /// Connections a store pools at most unless the connection string says otherwise (Maximum Pool
    /// Size). Default 20, not Npgsql's 100: a few busy silos at 100 each would exhaust a server's
    /// <c>max_connections</c> (100 by default) and fail calls instead of queueing them.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>The <c>pg_advisory_xact_lock</c> key that serialises migrations: "Synth" in ASCII, then 1.</summary>
    internal const long MigrationLockKey = 0x5379_6E74_6800_0001;

    private const string Active = "active";
    private const string Stopped = "stopped";
    private const string Dead = "dead";

    private readonly NpgsqlDataSource _dataSource;

    // Heartbeats and death declarations have their own connections: when every pooled
    // connection is busy with calls, a heartbeat queued behind them would arrive late and get
    // a healthy silo declared dead.
    private readonly NpgsqlDataSource _membershipSource;
    private readonly PostgresNotificationListener _listener;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>
    /// A store on the database of <paramref name="connectionString"/>: Npgsql's key=value form or a
    /// <c>postgresql://</c> URI (see <see cref="PostgresConnectionString.Normalize"/>). Opens no
    /// connection yet; call <see cref="MigrateAsync"/> before anything else. The store pools at most
    /// <see cref="DefaultMaxPoolSize"/> connections unless the connection string sets Maximum Pool
    /// Size, plus two for heartbeats and one for LISTEN.
    /// </summary>
    public PostgresClusterStore(string connectionString, ILogger<PostgresClusterStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var normalized = PostgresConnectionString.Normalize(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(normalized);
        if (!SetsMaxPoolSize(normalized)) builder.MaxPoolSize = Math.Max(DefaultMaxPoolSize, builder.MinPoolSize);
        // The store sets no session state on pooled connections, so the DISCARD ALL that Npgsql
        // sends at every checkout is pure cost (about 15 % of call throughput).
        if (!normalized.Contains("Reset", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        // The same dozen statements run on every call: parsing and planning them each time cost
        // the server more than executing them. Kept across checkouts thanks to NoResetOnClose.
        if (!normalized.Contains("Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 32;
        _dataSource = NpgsqlDataSource.Create(builder);
        _membershipSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = 2, MinPoolSize = 0 });
        _listener = new PostgresNotificationListener(normalized, _logger);
        _enqueues = new GroupCommit<EnqueueRequest, long>(EnqueueBatchAsync, EnqueueAloneAsync, MaxGroup, GroupSenders);
        _completions = new GroupCommit<CompleteRequest, int>(CompleteBatchAsync, CompleteAloneAsync, MaxGroup, GroupSenders);
    }

    // Group commit (see GroupCommit): at most this many calls per batch, this many batches in flight per kind.
    private const int MaxGroup = 64;
    private const int GroupSenders = 2;
    private readonly GroupCommit<EnqueueRequest, long> _enqueues;
    private readonly GroupCommit<CompleteRequest, int> _completions;

    /// <summary>The backend process id of the LISTEN connection, null while it is down (for tests that cut it).</summary>
    internal int? ListenerProcessId => _listener.ProcessId;

    /// <summary>The largest number of pooled connections the store opens (for tests).</summary>
    internal int MaxPoolSize => new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString).MaxPoolSize;

    /// <summary>The channels the LISTEN connection listens to right now (for tests).</summary>
    internal IReadOnlyCollection<string> ListeningChannels => _listener.ListeningChannels;

    // ---- migrations -------------------------------------------------------------------

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        const string createLedger = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """;
        const string insertApplied = "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)";

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Silos starting together queue here; each then finds what the ones before it applied.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, P("key", MigrationLockKey)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, createLedger, cancellationToken).ConfigureAwait(false);

        var applied = new Dictionary<int, string>();
        await using (var command = Command(connection, transaction, "SELECT version, checksum FROM schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        var appliedNow = new List<string>();
        foreach (var migration in Migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal)) LogMigrationChanged(_logger, migration.Name);
                continue;
            }
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, insertApplied, cancellationToken,
                P("version", migration.Version), P("name", migration.Name), P("checksum", migration.Checksum)).ConfigureAwait(false);
            appliedNow.Add(migration.Name);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in appliedNow) LogMigrationApplied(_logger, name);
    }

    // ---- membership -------------------------------------------------------------------

    public async Task RegisterSiloAsync(string siloId, string name, string address, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(tags);
        // One implicit transaction. A silo coming back from dead or stopped lost its activations,
        // so leases it still holds are stale: release them (their epochs stay) before it is active again.
        const string sql = """
            UPDATE grain_leases SET silo_id = NULL
            WHERE silo_id = @silo AND EXISTS (SELECT 1 FROM silos WHERE silo_id = @silo AND status <> 'active');
            INSERT INTO silos (silo_id, name, address, tags, started_at, heartbeat_at, status, activations)
            VALUES (@silo, @name, @address, @tags, now(), now(), 'active', 0)
            ON CONFLICT (silo_id) DO UPDATE SET
                name = EXCLUDED.name, address = EXCLUDED.address, tags = EXCLUDED.tags,
                started_at = now(), heartbeat_at = now(), status = 'active', activations = 0;
            """;
        await ExecuteAsync(sql, cancellationToken,
            P("silo", siloId), P("name", name), P("address", address), P("tags", tags.ToArray())).ConfigureAwait(false);
    }

    public async Task<bool> HeartbeatAsync(string siloId, int activations, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        const string sql = "UPDATE silos SET heartbeat_at = now(), activations = @activations WHERE silo_id = @silo AND status = 'active'";
        await using var command = _membershipSource.CreateCommand(sql);
        command.Parameters.Add(P("activations", activations));
        command.Parameters.Add(P("silo", siloId));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<string>> DeclareDeadSilosAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        const string sql = "UPDATE silos SET status = 'dead' WHERE status = 'active' AND heartbeat_at < now() - @timeout RETURNING silo_id";
        var dead = new List<string>();
        ThrowIfDisposed();
        await using var command = _membershipSource.CreateCommand(sql);
        command.Parameters.Add(P("timeout", timeout));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            dead.Add(reader.GetString(0));
        }
        foreach (var silo in dead) LogSiloDeclaredDead(_logger, silo, timeout.TotalSeconds);
        return dead;
    }

    public async Task StopSiloAsync(string siloId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE silos SET status = 'stopped' WHERE silo_id = @silo;
            UPDATE grain_leases SET silo_id = NULL WHERE silo_id = @silo;
            """;
        await ExecuteAsync(sql, cancellationToken, P("silo", siloId)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SiloRecord>> GetSilosAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT silo_id, name, address, tags, started_at, heartbeat_at, status, activations FROM silos ORDER BY silo_id";
        var silos = new List<SiloRecord>();
        await using var command = _dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            silos.Add(new SiloRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<string[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                ParseStatus(reader.GetString(6)),
                reader.GetInt32(7)));
        }
        return silos;
    }

    // ---- single activation ------------------------------------------------------------

    public async Task<Lease?> GetLeaseAsync(GrainId grain, CancellationToken cancellationToken)
    {
        const string sql = "SELECT silo_id, epoch FROM grain_leases WHERE grain_id = @grain AND silo_id IS NOT NULL";
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("grain", grain.ToString()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new Lease(grain, reader.GetString(0), reader.GetInt64(1)) : null;
    }

    public async Task<Lease> AcquireLeaseAsync(GrainId grain, string siloId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        // Racers for one grain serialise on its lease row: the first inserts (epoch 1) or takes over
        // (epoch + 1) a lease that is released or whose owner is not active; each later one finds an
        // active owner and changes nothing. ON CONFLICT locks the row even when its WHERE is false, so
        // the SELECT, a new snapshot in the same implicit transaction, reads the lease as it stands.
        const string sql = """
            INSERT INTO grain_leases AS l (grain_id, silo_id, epoch, acquired_at) VALUES (@grain, @silo, 1, now())
            ON CONFLICT (grain_id) DO UPDATE SET silo_id = EXCLUDED.silo_id, epoch = l.epoch + 1, acquired_at = now()
            WHERE NOT EXISTS (SELECT 1 FROM silos s WHERE s.silo_id = l.silo_id AND s.status = 'active');
            SELECT silo_id, epoch FROM grain_leases WHERE grain_id = @grain;
            """;
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("grain", grain.ToString()));
        command.Parameters.Add(P("silo", siloId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
        {
            throw new InvalidOperationException($"Grain {grain}: the lease row is missing or released right after it was taken; this cannot happen under its row lock.");
        }
        return new Lease(grain, reader.GetString(0), reader.GetInt64(1));
    }

    public async Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        // The row stays, with its epoch, so the next owner gets a higher one.
        const string sql = "UPDATE grain_leases SET silo_id = NULL WHERE grain_id = @grain AND silo_id = @silo AND epoch = @epoch";
        await ExecuteAsync(sql, cancellationToken, P("grain", lease.Grain.ToString()), P("silo", lease.SiloId), P("epoch", lease.Epoch)).ConfigureAwait(false);
    }

    // ---- calls ------------------------------------------------------------------------

    public Task<long> EnqueueCallAsync(GrainCall call, CancellationToken cancellationToken, string? ring = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(call.Arguments);
        ArgumentNullException.ThrowIfNull(call.RequiredTags);
        if (ring is not null) PostgresNotificationListener.ValidateChannel(ring);
        ThrowIfDisposed();
        // The checks, the ring and the idempotence are synth_enqueue_call's (migration 0002).
        return _enqueues.RunAsync(new EnqueueRequest(call, ring), cancellationToken);
    }

    private sealed record EnqueueRequest(GrainCall Call, string? Ring);

    private static NpgsqlBatchCommand EnqueueCommand(EnqueueRequest request)
    {
        var call = request.Call;
        return new NpgsqlBatchCommand("SELECT synth_enqueue_call(@grain, @call, @method, @arguments, @reply_to, @tags, @deadline, @ring, @ring_body)")
        {
            Parameters =
            {
                P("grain", call.Target.ToString()), P("call", call.CallId), P("method", call.Method), P("arguments", call.Arguments),
                P("reply_to", call.ReplyTo), P("tags", call.RequiredTags.ToArray()), P("deadline", call.Deadline.ToUniversalTime()), P("ring", request.Ring),
                P("ring_body", request.Ring is null ? null : InboxBell.EncodeBody(call)),
            },
        };
    }

    private async Task<long[]> EnqueueBatchAsync(IReadOnlyList<EnqueueRequest> requests)
    {
        // Every transaction bumps the counter rows of its grains in grain order, so two batches cannot deadlock.
        var order = Enumerable.Range(0, requests.Count).OrderBy(i => requests[i].Call.Target.ToString(), StringComparer.Ordinal).ToArray();
        var sorted = await RunScalarsAsync<long>(order.Select(i => EnqueueCommand(requests[i]))).ConfigureAwait(false);
        var results = new long[requests.Count];
        for (var k = 0; k < order.Length; k++) results[order[k]] = sorted[k]!.Value;
        return results;
    }

    private async Task<long> EnqueueAloneAsync(EnqueueRequest request)
    {
        try
        {
            return (await RunScalarsAsync<long>([EnqueueCommand(request)]).ConfigureAwait(false))[0]!.Value;
        }
        catch (PostgresException e) when (e.SqlState == CallStoredConcurrently)
        {
            // Lost a race with another copy of the call, now committed: this run finds its sequence.
            return (await RunScalarsAsync<long>([EnqueueCommand(request)]).ConfigureAwait(false))[0]!.Value;
        }
    }

    /// <summary>The SQLSTATE synth_enqueue_call raises when another copy of the call was stored at the same instant.</summary>
    private const string CallStoredConcurrently = "SY001";

    /// <summary>Runs the commands as one batch (one round trip, one implicit transaction); each one's first value, null when it returned no row.</summary>
    private async Task<T?[]> RunScalarsAsync<T>(IEnumerable<NpgsqlBatchCommand> commands) where T : struct
    {
        // Not OpenAsync: what was queued before DisposeAsync still runs.
        await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands) batch.BatchCommands.Add(command);
        var results = new T?[batch.BatchCommands.Count];
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        var i = 0;
        do
        {
            if (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) && !reader.IsDBNull(0)) results[i] = reader.GetFieldValue<T>(0);
            i++;
        }
        while (await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false));
        return results;
    }

    public async Task<IReadOnlyList<GrainCall>> GetPendingCallsAsync(GrainId grain, long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        const string sql = """
            SELECT call_id, method, arguments, reply_to, required_tags, deadline, seq FROM grain_inbox
            WHERE grain_id = @grain AND seq > @after AND NOT done
            ORDER BY seq LIMIT @max
            """;
        var calls = new List<GrainCall>();
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("grain", grain.ToString()));
        command.Parameters.Add(P("after", afterSequence));
        command.Parameters.Add(P("max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            calls.Add(new GrainCall(
                reader.GetGuid(0),
                grain,
                reader.GetString(1),
                reader.GetFieldValue<byte[]>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<string[]>(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt64(6)));
        }
        return calls;
    }

    public async Task CompleteCallAsync(Lease lease, CallReply reply, StateWrite? stateWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reply);
        if (stateWrite is not null) CheckSameGrain(lease, stateWrite);
        if (stateWrite is not null) CheckSameEpoch(lease, stateWrite);
        ThrowIfDisposed();
        // The checks and the lock order are synth_complete_call's (migration 0002).
        var outcome = await _completions.RunAsync(new CompleteRequest(lease, reply, stateWrite), cancellationToken).ConfigureAwait(false);
        if (outcome == CompletedNow || outcome == CompletedBefore) return;
        var holder = await GetLeaseAsync(lease.Grain, cancellationToken).ConfigureAwait(false);
        throw LeaseCheckFailure(lease, lease.Grain.ToString(), (holder?.SiloId, holder?.Epoch ?? 0))
            ?? new InconsistentStateException($"Grain {lease.Grain}: lease check failed: silo {lease.SiloId} wrote with epoch {lease.Epoch} but lost it. Nothing was changed.");
    }

    private const int CompletedNow = 0;
    private const int CompletedBefore = 2;

    private sealed record CompleteRequest(Lease Lease, CallReply Reply, StateWrite? StateWrite);

    private static NpgsqlBatchCommand CompleteCommand(CompleteRequest request)
    {
        var (lease, reply, write) = request;
        return new NpgsqlBatchCommand("SELECT synth_complete_call(@grain, @silo, @epoch, @call, @succeeded, @result, @error_type, @error_message, @bell, @has_state, @data, @expected, @etag)")
        {
            Parameters =
            {
                P("grain", lease.Grain.ToString()), P("silo", lease.SiloId), P("epoch", lease.Epoch), P("call", reply.CallId),
                P("succeeded", reply.Succeeded), P("result", reply.Result), P("error_type", reply.ErrorType), P("error_message", reply.ErrorMessage),
                P("bell", ReplyBell.Encode(reply)), P("has_state", write is not null), P("data", write?.Data), P("expected", write?.ExpectedETag), P("etag", write?.NewETag),
            },
        };
    }

    private async Task<int[]> CompleteBatchAsync(IReadOnlyList<CompleteRequest> requests)
    {
        var outcomes = await RunScalarsAsync<int>(requests.Select(CompleteCommand)).ConfigureAwait(false);
        return [.. outcomes.Select(o => o!.Value)];
    }

    private async Task<int> CompleteAloneAsync(CompleteRequest request)
    {
        try
        {
            return (await RunScalarsAsync<int>([CompleteCommand(request)]).ConfigureAwait(false))[0]!.Value;
        }
        catch (PostgresException e) when (e.SqlState == StateWriteRefused)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            throw await StateWriteFailureAsync(connection, request.StateWrite!, request.Lease.Grain.ToString(), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The SQLSTATE synth_complete_call raises when the state write is refused.</summary>
    private const string StateWriteRefused = "SY409";

    public async Task<CallReply?> GetReplyAsync(Guid callId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT succeeded, result, error_type, error_message FROM grain_replies WHERE call_id = @call";
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("call", callId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new CallReply(
            callId,
            reader.GetBoolean(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    // ---- state ------------------------------------------------------------------------

    public async Task<(byte[]? Data, string? ETag)> ReadStateAsync(GrainId grain, CancellationToken cancellationToken)
    {
        const string sql = "SELECT data, etag FROM grain_state WHERE grain_id = @grain";
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("grain", grain.ToString()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetFieldValue<byte[]>(0), reader.GetString(1))
            : (null, null);
    }

    public async Task WriteStateAsync(Lease lease, StateWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(write);
        CheckSameGrain(lease, write);
        CheckSameEpoch(lease, write);
        var grainId = lease.Grain.ToString();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var checkLease = LeaseCheck(grainId);
        var writeState = StateWriteCommand(lease, write, grainId);
        (string? Owner, long Epoch) holder = (null, 0);
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { checkLease, writeState } })
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) holder = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
        var fenced = LeaseCheckFailure(lease, grainId, holder);
        if (fenced is not null || writeState.RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw fenced ?? await StateWriteFailureAsync(connection, write, grainId, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void CheckSameGrain(Lease lease, StateWrite write)
    {
        ArgumentNullException.ThrowIfNull(write.Data);
        ArgumentNullException.ThrowIfNull(write.NewETag);
        if (write.Grain != lease.Grain)
        {
            throw new ArgumentException($"The state write is for {write.Grain} but the lease is for {lease.Grain}.", nameof(write));
        }
    }

    private static void CheckSameEpoch(Lease lease, StateWrite write)
    {
        if (write.Epoch != lease.Epoch)
        {
            throw new InconsistentStateException(
                $"Grain {lease.Grain}: epoch check failed: the state write carries epoch {write.Epoch} but the lease is at epoch {lease.Epoch}. Nothing was changed.");
        }
    }

    /// <summary>
    /// The fencing check, first command of a batch: reads the grain's lease row. FOR SHARE holds
    /// the row until commit, so a takeover waits for this transaction.
    /// </summary>
    private static NpgsqlBatchCommand LeaseCheck(string grainId) =>
        new("SELECT silo_id, epoch FROM grain_leases WHERE grain_id = @grain FOR SHARE") { Parameters = { P("grain", grainId) } };

    /// <summary>Null when the lease row read by <see cref="LeaseCheck"/> is still <paramref name="lease"/> (same owner and epoch), else the error to throw.</summary>
    private static InconsistentStateException? LeaseCheckFailure(Lease lease, string grainId, (string? Owner, long Epoch) holder)
    {
        if (holder.Owner == lease.SiloId && holder.Epoch == lease.Epoch) return null;
        var actual = holder.Owner is null
            ? holder.Epoch == 0 ? "there is no lease" : $"the lease was released at epoch {holder.Epoch}"
            : $"silo {holder.Owner} holds epoch {holder.Epoch}";
        return new InconsistentStateException(
            $"Grain {grainId}: lease check failed: silo {lease.SiloId} wrote with epoch {lease.Epoch} but {actual}. Nothing was changed.");
    }

    /// <summary>Writes the state if its ETag is current and no later epoch wrote it: affects one row, or none when refused.</summary>
    private static NpgsqlBatchCommand StateWriteCommand(Lease lease, StateWrite write, string grainId)
    {
        const string insert = """
            INSERT INTO grain_state (grain_id, data, etag, epoch, updated_at) VALUES (@grain, @data, @etag, @epoch, now())
            ON CONFLICT (grain_id) DO NOTHING
            """;
        const string update = """
            UPDATE grain_state SET data = @data, etag = @etag, epoch = @epoch, updated_at = now()
            WHERE grain_id = @grain AND etag = @expected AND epoch <= @epoch
            """;
        var command = new NpgsqlBatchCommand(write.ExpectedETag is null ? insert : update)
        {
            Parameters = { P("grain", grainId), P("data", write.Data), P("etag", write.NewETag), P("epoch", lease.Epoch) },
        };
        if (write.ExpectedETag is not null) command.Parameters.Add(P("expected", write.ExpectedETag));
        return command;
    }

    /// <summary>Why a state write was refused (read after the rollback, for the message only).</summary>
    private static async Task<InconsistentStateException> StateWriteFailureAsync(NpgsqlConnection connection, StateWrite write, string grainId, CancellationToken cancellationToken)
    {
        string? storedETag = null;
        long storedEpoch = 0;
        await using (var command = Command(connection, null, "SELECT etag, epoch FROM grain_state WHERE grain_id = @grain", P("grain", grainId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                storedETag = reader.GetString(0);
                storedEpoch = reader.GetInt64(1);
            }
        }
        if (string.Equals(storedETag, write.ExpectedETag, StringComparison.Ordinal) && storedEpoch > write.Epoch)
        {
            return new InconsistentStateException(
                $"Grain {grainId}: epoch check failed: the state was written at epoch {storedEpoch}, after this writer's epoch {write.Epoch}. Nothing was changed.");
        }
        return new InconsistentStateException(
            $"Grain {grainId}: ETag check failed: the write expected {Describe(write.ExpectedETag)} but the stored state has {Describe(storedETag)}. Nothing was changed.");

        static string Describe(string? etag) => etag is null ? "no state" : $"ETag '{etag}'";
    }

    // ---- grain streams ----------------------------------------------------------------

    public async Task<long> AppendEventAsync(string streamId, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(payload);
        // One statement, so one transaction: the counter bump and the event commit together.
        // Appenders to one stream queue on its counter row; clock_timestamp() is read after that
        // wait, so "at" grows with seq.
        const string sql = """
            WITH next AS (
                INSERT INTO stream_sequences AS s (stream_id, next_seq) VALUES (@stream, 2)
                ON CONFLICT (stream_id) DO UPDATE SET next_seq = s.next_seq + 1
                RETURNING next_seq - 1 AS seq)
            INSERT INTO stream_events (stream_id, seq, payload, at)
            SELECT @stream, seq, @payload, clock_timestamp() FROM next
            RETURNING seq
            """;
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("stream", streamId));
        command.Parameters.Add(P("payload", payload));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<StreamEvent>> ReadEventsAsync(string streamId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        const string sql = "SELECT seq, payload, at FROM stream_events WHERE stream_id = @stream AND seq > @after ORDER BY seq LIMIT @max";
        var events = new List<StreamEvent>();
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("stream", streamId));
        command.Parameters.Add(P("after", afterSequence));
        command.Parameters.Add(P("max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new StreamEvent(streamId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return events;
    }

    // ---- reminders --------------------------------------------------------------------

    public async Task UpsertReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentException.ThrowIfNullOrEmpty(reminder.Name);
        if (reminder.Period < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(reminder), reminder.Period, $"Reminder '{reminder.Name}' of {reminder.Grain} needs a period of at least 1 ms.");
        }
        const string sql = """
            INSERT INTO reminders (grain_id, name, period, due_at) VALUES (@grain, @name, @period, @due)
            ON CONFLICT (grain_id, name) DO UPDATE SET period = EXCLUDED.period, due_at = EXCLUDED.due_at
            """;
        await ExecuteAsync(sql, cancellationToken,
            P("grain", reminder.Grain.ToString()), P("name", reminder.Name), P("period", reminder.Period), P("due", reminder.DueAt.ToUniversalTime())).ConfigureAwait(false);
    }

    public async Task RemoveReminderAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM reminders WHERE grain_id = @grain AND name = @name";
        await ExecuteAsync(sql, cancellationToken, P("grain", grain.ToString()), P("name", name)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each returned record carries its new DueAt: the next tick, the first whole period past now.
    /// Rows another claimer holds are skipped, not waited for, so concurrent claimers split the due
    /// reminders between them. The arithmetic is in seconds (make_interval), so a period of a day
    /// is 86 400 s whatever the session's time zone does.
    /// </remarks>
    public async Task<IReadOnlyList<ReminderRecord>> ClaimDueRemindersAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        const string sql = """
            WITH due AS (
                SELECT grain_id, name FROM reminders
                WHERE due_at <= now()
                ORDER BY due_at
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE reminders AS r
            SET due_at = r.due_at + make_interval(secs => (extract(epoch FROM r.period)
                * (floor(extract(epoch FROM now() - r.due_at) / extract(epoch FROM r.period)) + 1))::double precision)
            FROM due
            WHERE r.grain_id = due.grain_id AND r.name = due.name
            RETURNING r.grain_id, r.name, r.period, r.due_at
            """;
        var claimed = new List<ReminderRecord>();
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(P("max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new ReminderRecord(
                GrainId.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetFieldValue<TimeSpan>(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return claimed;
    }

    // ---- signalling -------------------------------------------------------------------

    /// <inheritdoc/>
    /// <remarks>Channel names: 1 to 63 characters from a-z, 0-9 and '_' (else <see cref="ArgumentException"/>). The payload must stay under 8000 bytes.</remarks>
    public async Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        PostgresNotificationListener.ValidateChannel(channel);
        ArgumentNullException.ThrowIfNull(payload);
        await ExecuteAsync("SELECT pg_notify(@channel, @payload)", cancellationToken, P("channel", channel), P("payload", payload)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Returns once the channel is LISTENed, so a notification sent afterwards is delivered. All
    /// channels of the store share one connection, read by one background loop that runs the
    /// handlers (keep them short; one that throws is logged and the others still run) and
    /// reconnects when the connection drops. Channel names as for <see cref="NotifyAsync"/>.
    /// </remarks>
    public Task<IAsyncDisposable> ListenAsync(string channel, Action<string> handler, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return _listener.ListenAsync(channel, handler, cancellationToken);
    }

    // ---- plumbing ---------------------------------------------------------------------

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Queued enqueues and completions still run: their callers are waiting on them.
        await _enqueues.DisposeAsync().ConfigureAwait(false);
        await _completions.DisposeAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _membershipSource.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return _dataSource.OpenConnectionAsync(cancellationToken);
    }

    private static NpgsqlParameter<T> P<T>(string name, T value) => new(name, value);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters) command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements: one implicit transaction) on a pooled connection; returns the rows affected.</summary>
    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        ThrowIfDisposed();
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the connection string sets the pool's maximum itself (under any of Npgsql's spellings).</summary>
    private static bool SetsMaxPoolSize(string connectionString)
    {
        foreach (string key in new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys)
        {
            var compact = key.Replace(" ", "", StringComparison.Ordinal);
            if (compact.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || compact.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static SiloStatus ParseStatus(string status) => status switch
    {
        Active => SiloStatus.Active,
        Stopped => SiloStatus.Stopped,
        Dead => SiloStatus.Dead,
        _ => throw new InvalidOperationException($"Unknown silo status '{status}' in the silos table."),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL migration {Migration}")]
    private static partial void LogMigrationApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL migration {Migration} was changed after it was applied; the database keeps the applied version")]
    private static partial void LogMigrationChanged(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {SiloId} dead: no heartbeat for more than {TimeoutSeconds} s")]
    private static partial void LogSiloDeclaredDead(ILogger logger, string siloId, double timeoutSeconds);
}
