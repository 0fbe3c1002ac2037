using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Synth.Runtime.Storage.Sqlite;

/// <summary>
/// The embedded <see cref="IClusterStore"/>: one SQLite file (WAL, <c>synchronous=NORMAL</c>)
/// and in-process signalling. Every write is one <c>BEGIN IMMEDIATE</c> transaction on the
/// store's writer connection, taken in turn through a gate shared by all stores of the process
/// on the same file; reads run in parallel on pooled read-only connections (WAL snapshots).
/// Times come from one clock, <see cref="TimeProvider"/> (the system clock by default), as Unix
/// milliseconds: in one process that clock is "the database's clock" of the contract.
/// Tables and their guarantees: <c>Migrations/0001-cluster.sql</c>.
/// </summary>
public sealed partial class SqliteClusterStore : IClusterStore
{
    /// <summary>This provider's versioned migrations, in order.</summary>
    internal static IReadOnlyList<SqlMigration> Migrations { get; } = SqlMigration.For(typeof(SqliteClusterStore));

    private const string Active = "active";
    private const string Stopped = "stopped";
    private const string Dead = "dead";
    private const string NoTags = "[]";

    private readonly string _connectionString;
    private readonly bool _inMemory;
    private readonly SqliteDatabase _database;
    private readonly SqliteSession _writer;
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _disposed;

    /// <summary>
    /// Opens (creating it if needed) the database <paramref name="database"/>: a file path such as
    /// <c>./synth-data/cluster.db</c> (its directory is created), a Microsoft.Data.Sqlite connection
    /// string (anything containing '='), or <c>:memory:</c> for a private in-memory database.
    /// See <see cref="InMemoryConnectionString"/> for an in-memory database several stores share.
    /// Call <see cref="MigrateAsync"/> before anything else.
    /// </summary>
    /// <param name="timeProvider">The one clock of the store. Default <see cref="TimeProvider.System"/>.</param>
    public SqliteClusterStore(string database, ILogger<SqliteClusterStore>? logger = null, TimeProvider? timeProvider = null)
        : this(database, logger, timeProvider, isolated: false)
    {
    }

    /// <param name="isolated">
    /// Share neither the write gate nor the signals with other stores of this process on the same
    /// database, as a store in another process would not: writers then meet only at SQLite's lock (tests).
    /// </param>
    internal SqliteClusterStore(string database, ILogger? logger, TimeProvider? timeProvider, bool isolated)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;

        var builder = ToConnectionString(database);
        _inMemory = IsInMemory(builder);
        // The store keeps its connections open for its whole life; a pool would only keep the file open after disposal.
        builder.Pooling = false;
        _connectionString = builder.ToString();
        // Stores of this process on the same database must find each other whatever spelling of the path they were given.
        var key = _inMemory ? "memory:" + builder.DataSource
            : builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? builder.DataSource
            : "file:" + Path.GetFullPath(builder.DataSource);

        _database = isolated ? SqliteDatabase.CreateIsolated(key, _logger) : SqliteDatabase.Acquire(key, _logger);
        try
        {
            _writer = SqliteSession.Open(_connectionString, writer: true, _inMemory);
        }
        catch
        {
            _database.Release();
            throw;
        }
    }

    /// <summary>
    /// A connection string for the in-memory database <paramref name="name"/>, shared by every
    /// store of this process opened with it (shared cache). It lives while one of them is open.
    /// </summary>
    public static string InMemoryConnectionString(string name) =>
        new SqliteConnectionStringBuilder { DataSource = name, Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString();

    // ---- migrations -------------------------------------------------------------------

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        const string createLedger = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                checksum   TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """;
        const string selectApplied = "SELECT checksum FROM schema_migrations WHERE version = $version";
        const string insertApplied = "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($version, $name, $checksum, $now)";

        await WriteAsync((s, _) => { s.ExecuteScript(createLedger); return 0; }, cancellationToken).ConfigureAwait(false);
        foreach (var migration in Migrations)
        {
            // One transaction per migration: a concurrent migrator waits on the write lock, then finds it applied.
            var applied = await WriteAsync((s, now) =>
            {
                var checksum = s.Command(selectApplied, ("$version", migration.Version)).ExecuteScalar() as string;
                if (checksum is not null)
                {
                    if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal)) LogMigrationChanged(_logger, migration.Name);
                    return false;
                }
                s.ExecuteScript(migration.Sql);
                s.Execute(insertApplied, ("$version", migration.Version), ("$name", migration.Name), ("$checksum", migration.Checksum), ("$now", now));
                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (applied) LogMigrationApplied(_logger, migration.Name);
        }
    }

    // ---- membership -------------------------------------------------------------------

    public Task RegisterSiloAsync(string siloId, string name, string address, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(tags);
        const string selectStatus = "SELECT status FROM silos WHERE silo_id = $silo";
        const string upsert = """
            INSERT INTO silos (silo_id, name, address, tags, started_at, heartbeat_at, status, activations)
            VALUES ($silo, $name, $address, $tags, $now, $now, 'active', 0)
            ON CONFLICT (silo_id) DO UPDATE SET
                name = excluded.name, address = excluded.address, tags = excluded.tags,
                started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
                status = 'active', activations = 0
            """;
        const string releaseLeases = "UPDATE grain_leases SET silo_id = NULL WHERE silo_id = $silo";
        var tagsJson = WriteTags(tags);
        return WriteAsync((s, now) =>
        {
            var previous = s.Command(selectStatus, ("$silo", siloId)).ExecuteScalar() as string;
            // A silo coming back from dead or stopped lost its activations: leases it still holds are stale.
            if (previous is not null and not Active) s.Execute(releaseLeases, ("$silo", siloId));
            s.Execute(upsert, ("$silo", siloId), ("$name", name), ("$address", address), ("$tags", tagsJson), ("$now", now));
            return 0;
        }, cancellationToken);
    }

    public Task<bool> HeartbeatAsync(string siloId, int activations, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE silos SET heartbeat_at = $now, activations = $activations WHERE silo_id = $silo AND status = 'active'";
        return WriteAsync((s, now) => s.Execute(sql, ("$now", now), ("$activations", activations), ("$silo", siloId)) > 0, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DeclareDeadSilosAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        // "Older than the timeout" at millisecond resolution: a heartbeat exactly timeout old counts, as a
        // microsecond clock would almost surely have it a little older.
        const string sql = "UPDATE silos SET status = 'dead' WHERE status = 'active' AND heartbeat_at <= $cutoff RETURNING silo_id";
        var timeoutMs = (long)timeout.TotalMilliseconds;
        var dead = await WriteAsync((s, now) =>
        {
            var found = new List<string>();
            using var reader = s.Command(sql, ("$cutoff", now - timeoutMs)).ExecuteReader();
            while (reader.Read()) found.Add(reader.GetString(0));
            return found;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var silo in dead) LogSiloDeclaredDead(_logger, silo, timeout.TotalSeconds);
        return dead;
    }

    public Task StopSiloAsync(string siloId, CancellationToken cancellationToken)
    {
        const string stop = "UPDATE silos SET status = 'stopped' WHERE silo_id = $silo";
        const string releaseLeases = "UPDATE grain_leases SET silo_id = NULL WHERE silo_id = $silo";
        return WriteAsync((s, _) =>
        {
            s.Execute(stop, ("$silo", siloId));
            s.Execute(releaseLeases, ("$silo", siloId));
            return 0;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SiloRecord>> GetSilosAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT silo_id, name, address, tags, started_at, heartbeat_at, status, activations FROM silos ORDER BY silo_id";
        return ReadAsync<IReadOnlyList<SiloRecord>>(s =>
        {
            var silos = new List<SiloRecord>();
            using var reader = s.Command(sql).ExecuteReader();
            while (reader.Read())
            {
                silos.Add(new SiloRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    ReadTags(reader.GetString(3)),
                    Time(reader.GetInt64(4)),
                    Time(reader.GetInt64(5)),
                    ParseStatus(reader.GetString(6)),
                    reader.GetInt32(7)));
            }
            return silos;
        }, cancellationToken);
    }

    // ---- single activation ------------------------------------------------------------

    public Task<Lease?> GetLeaseAsync(GrainId grain, CancellationToken cancellationToken)
    {
        var grainId = grain.ToString();
        return ReadAsync(s => ReadLease(s, grain, grainId), cancellationToken);
    }

    public Task<Lease> AcquireLeaseAsync(GrainId grain, string siloId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        // Insert epoch 1, or take over (epoch + 1) a released lease or one whose owner is not an active silo.
        const string take = """
            INSERT INTO grain_leases (grain_id, silo_id, epoch, acquired_at) VALUES ($grain, $silo, 1, $now)
            ON CONFLICT (grain_id) DO UPDATE SET
                silo_id = excluded.silo_id, epoch = grain_leases.epoch + 1, acquired_at = excluded.acquired_at
            WHERE grain_leases.silo_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM silos WHERE silos.silo_id = grain_leases.silo_id AND silos.status = 'active')
            """;
        var grainId = grain.ToString();
        return WriteAsync((s, now) =>
        {
            s.Execute(take, ("$grain", grainId), ("$silo", siloId), ("$now", now));
            return ReadLease(s, grain, grainId)!;
        }, cancellationToken);
    }

    public Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        const string sql = "UPDATE grain_leases SET silo_id = NULL WHERE grain_id = $grain AND silo_id = $silo AND epoch = $epoch";
        var grainId = lease.Grain.ToString();
        return WriteAsync((s, _) => s.Execute(sql, ("$grain", grainId), ("$silo", lease.SiloId), ("$epoch", lease.Epoch)), cancellationToken);
    }

    private static Lease? ReadLease(SqliteSession s, GrainId grain, string grainId)
    {
        const string sql = "SELECT silo_id, epoch FROM grain_leases WHERE grain_id = $grain AND silo_id IS NOT NULL";
        using var reader = s.Command(sql, ("$grain", grainId)).ExecuteReader();
        return reader.Read() ? new Lease(grain, reader.GetString(0), reader.GetInt64(1)) : null;
    }

    // ---- calls ------------------------------------------------------------------------

    public async Task<long> EnqueueCallAsync(GrainCall call, CancellationToken cancellationToken, string? ring = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(call.Arguments);
        const string selectExisting = "SELECT seq FROM grain_inbox WHERE call_id = $call";
        const string nextSequence = """
            INSERT INTO grain_sequences (grain_id, next_seq) VALUES ($grain, 2)
            ON CONFLICT (grain_id) DO UPDATE SET next_seq = next_seq + 1
            RETURNING next_seq - 1
            """;
        const string insert = """
            INSERT INTO grain_inbox (grain_id, seq, call_id, method, arguments, reply_to, required_tags, deadline, enqueued_at)
            VALUES ($grain, $seq, $call, $method, $arguments, $replyTo, $tags, $deadline, $now)
            """;
        var grainId = call.Target.ToString();
        var tags = WriteTags(call.RequiredTags);
        var deadline = call.Deadline.ToUnixTimeMilliseconds();
        var stored = await WriteAsync((s, now) =>
        {
            if (s.Command(selectExisting, ("$call", call.CallId)).ExecuteScalar() is long existing) return (Sequence: existing, New: false);
            var sequence = (long)s.Command(nextSequence, ("$grain", grainId)).ExecuteScalar()!;
            s.Execute(insert,
                ("$grain", grainId), ("$seq", sequence), ("$call", call.CallId), ("$method", call.Method), ("$arguments", call.Arguments),
                ("$replyTo", call.ReplyTo), ("$tags", tags), ("$deadline", deadline), ("$now", now));
            return (Sequence: sequence, New: true);
        }, cancellationToken).ConfigureAwait(false);
        // After the commit, as PostgreSQL delivers NOTIFY at commit. Only a new call rides on the
        // bell: one stored before may be done already, and its silo must not run it again.
        if (ring is not null) _database.Signals.Notify(ring, stored.New ? InboxBell.Encode(call, stored.Sequence) : grainId);
        return stored.Sequence;
    }

    public Task<IReadOnlyList<GrainCall>> GetPendingCallsAsync(GrainId grain, long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        const string sql = """
            SELECT seq, call_id, method, arguments, reply_to, required_tags, deadline FROM grain_inbox
            WHERE grain_id = $grain AND seq > $after AND done = 0
            ORDER BY seq LIMIT $max
            """;
        var grainId = grain.ToString();
        return ReadAsync<IReadOnlyList<GrainCall>>(s =>
        {
            var calls = new List<GrainCall>();
            using var reader = s.Command(sql, ("$grain", grainId), ("$after", afterSequence), ("$max", max)).ExecuteReader();
            while (reader.Read())
            {
                calls.Add(new GrainCall(
                    reader.GetGuid(1),
                    grain,
                    reader.GetString(2),
                    (byte[])reader.GetValue(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    ReadTags(reader.GetString(5)),
                    Time(reader.GetInt64(6)),
                    reader.GetInt64(0)));
            }
            return calls;
        }, cancellationToken);
    }

    public async Task CompleteCallAsync(Lease lease, CallReply reply, StateWrite? stateWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reply);
        if (stateWrite is not null) CheckSameGrain(lease, stateWrite);
        const string selectDone = "SELECT 1 FROM grain_replies WHERE call_id = $call";
        const string markDone = "UPDATE grain_inbox SET done = 1 WHERE call_id = $call AND grain_id = $grain AND done = 0";
        const string insertReply = """
            INSERT INTO grain_replies (call_id, grain_id, succeeded, result, error_type, error_message, created_at)
            VALUES ($call, $grain, $succeeded, $result, $errorType, $errorMessage, $now)
            """;
        const string selectReplyTo = "SELECT reply_to FROM grain_inbox WHERE call_id = $call";
        var grainId = lease.Grain.ToString();
        var replyTo = await WriteAsync((s, now) =>
        {
            // Fencing first: a stale owner learns it lost the grain even when the call was completed by the new one.
            CheckLease(s, lease, grainId);
            if (s.Command(selectDone, ("$call", reply.CallId)).ExecuteScalar() is not null) return null;
            if (stateWrite is not null) ApplyStateWrite(s, lease, stateWrite, grainId, now);
            s.Execute(markDone, ("$call", reply.CallId), ("$grain", grainId));
            s.Execute(insertReply,
                ("$call", reply.CallId), ("$grain", grainId), ("$succeeded", reply.Succeeded), ("$result", reply.Result),
                ("$errorType", reply.ErrorType), ("$errorMessage", reply.ErrorMessage), ("$now", now));
            return s.Command(selectReplyTo, ("$call", reply.CallId)).ExecuteScalar() as string;
        }, cancellationToken).ConfigureAwait(false);
        if (replyTo is not null) _database.Signals.Notify(replyTo, ReplyBell.Encode(reply));
    }

    public Task<CallReply?> GetReplyAsync(Guid callId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT succeeded, result, error_type, error_message FROM grain_replies WHERE call_id = $call";
        return ReadAsync(s =>
        {
            using var reader = s.Command(sql, ("$call", callId)).ExecuteReader();
            if (!reader.Read()) return null;
            return new CallReply(
                callId,
                reader.GetBoolean(0),
                reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3));
        }, cancellationToken);
    }

    // ---- state ------------------------------------------------------------------------

    public Task<(byte[]? Data, string? ETag)> ReadStateAsync(GrainId grain, CancellationToken cancellationToken)
    {
        const string sql = "SELECT data, etag FROM grain_state WHERE grain_id = $grain";
        var grainId = grain.ToString();
        return ReadAsync<(byte[]?, string?)>(s =>
        {
            using var reader = s.Command(sql, ("$grain", grainId)).ExecuteReader();
            return reader.Read() ? ((byte[])reader.GetValue(0), reader.GetString(1)) : (null, null);
        }, cancellationToken);
    }

    public Task WriteStateAsync(Lease lease, StateWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(write);
        CheckSameGrain(lease, write);
        var grainId = lease.Grain.ToString();
        return WriteAsync((s, now) =>
        {
            CheckLease(s, lease, grainId);
            ApplyStateWrite(s, lease, write, grainId, now);
            return 0;
        }, cancellationToken);
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

    /// <summary>The fencing check: <paramref name="lease"/> must still be the grain's lease, same owner and epoch.</summary>
    private static void CheckLease(SqliteSession s, Lease lease, string grainId)
    {
        const string sql = "SELECT silo_id, epoch FROM grain_leases WHERE grain_id = $grain";
        string? owner = null;
        long epoch = 0;
        using (var reader = s.Command(sql, ("$grain", grainId)).ExecuteReader())
        {
            if (reader.Read())
            {
                owner = reader.IsDBNull(0) ? null : reader.GetString(0);
                epoch = reader.GetInt64(1);
            }
        }
        if (owner == lease.SiloId && epoch == lease.Epoch) return;
        var actual = owner is null ? epoch == 0 ? "there is no lease" : $"the lease was released at epoch {epoch}" : $"silo {owner} holds epoch {epoch}";
        throw new InconsistentStateException(
            $"Grain {grainId}: lease check failed: silo {lease.SiloId} wrote with epoch {lease.Epoch} but {actual}. Nothing was changed.");
    }

    /// <summary>Writes the state if its ETag and epoch are current; the lease was checked by the caller in the same transaction.</summary>
    private static void ApplyStateWrite(SqliteSession s, Lease lease, StateWrite write, string grainId, long now)
    {
        const string select = "SELECT etag, epoch FROM grain_state WHERE grain_id = $grain";
        const string upsert = """
            INSERT INTO grain_state (grain_id, data, etag, epoch, updated_at) VALUES ($grain, $data, $etag, $epoch, $now)
            ON CONFLICT (grain_id) DO UPDATE SET
                data = excluded.data, etag = excluded.etag, epoch = excluded.epoch, updated_at = excluded.updated_at
            """;
        if (write.Epoch != lease.Epoch)
        {
            throw new InconsistentStateException(
                $"Grain {grainId}: epoch check failed: the state write carries epoch {write.Epoch} but the lease is at epoch {lease.Epoch}. Nothing was changed.");
        }
        string? storedETag = null;
        long storedEpoch = 0;
        using (var reader = s.Command(select, ("$grain", grainId)).ExecuteReader())
        {
            if (reader.Read())
            {
                storedETag = reader.GetString(0);
                storedEpoch = reader.GetInt64(1);
            }
        }
        if (!string.Equals(storedETag, write.ExpectedETag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Grain {grainId}: ETag check failed: the write expected {Quote(write.ExpectedETag)} but the stored state has {Quote(storedETag)}. Nothing was changed.");
        }
        if (storedEpoch > write.Epoch)
        {
            throw new InconsistentStateException(
                $"Grain {grainId}: epoch check failed: the state was written at epoch {storedEpoch}, after this writer's epoch {write.Epoch}. Nothing was changed.");
        }
        s.Execute(upsert, ("$grain", grainId), ("$data", write.Data), ("$etag", write.NewETag), ("$epoch", write.Epoch), ("$now", now));

        static string Quote(string? etag) => etag is null ? "no state" : $"ETag '{etag}'";
    }

    // ---- grain streams ----------------------------------------------------------------

    public Task<long> AppendEventAsync(string streamId, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(payload);
        const string nextSequence = """
            INSERT INTO stream_sequences (stream_id, next_seq) VALUES ($stream, 2)
            ON CONFLICT (stream_id) DO UPDATE SET next_seq = next_seq + 1
            RETURNING next_seq - 1
            """;
        const string insert = "INSERT INTO stream_events (stream_id, seq, payload, at) VALUES ($stream, $seq, $payload, $now)";
        return WriteAsync((s, now) =>
        {
            var sequence = (long)s.Command(nextSequence, ("$stream", streamId)).ExecuteScalar()!;
            s.Execute(insert, ("$stream", streamId), ("$seq", sequence), ("$payload", payload), ("$now", now));
            return sequence;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StreamEvent>> ReadEventsAsync(string streamId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        const string sql = "SELECT seq, payload, at FROM stream_events WHERE stream_id = $stream AND seq > $after ORDER BY seq LIMIT $max";
        return ReadAsync<IReadOnlyList<StreamEvent>>(s =>
        {
            var events = new List<StreamEvent>();
            using var reader = s.Command(sql, ("$stream", streamId), ("$after", afterSequence), ("$max", max)).ExecuteReader();
            while (reader.Read()) events.Add(new StreamEvent(streamId, reader.GetInt64(0), (byte[])reader.GetValue(1), Time(reader.GetInt64(2))));
            return events;
        }, cancellationToken);
    }

    // ---- reminders --------------------------------------------------------------------

    public Task UpsertReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var periodMs = (long)reminder.Period.TotalMilliseconds;
        if (periodMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reminder), reminder.Period, $"Reminder '{reminder.Name}' of {reminder.Grain} needs a period of at least 1 ms.");
        }
        const string sql = """
            INSERT INTO reminders (grain_id, name, period_ms, due_at) VALUES ($grain, $name, $period, $due)
            ON CONFLICT (grain_id, name) DO UPDATE SET period_ms = excluded.period_ms, due_at = excluded.due_at
            """;
        var grainId = reminder.Grain.ToString();
        var due = reminder.DueAt.ToUnixTimeMilliseconds();
        return WriteAsync((s, _) => s.Execute(sql, ("$grain", grainId), ("$name", reminder.Name), ("$period", periodMs), ("$due", due)), cancellationToken);
    }

    public Task RemoveReminderAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM reminders WHERE grain_id = $grain AND name = $name";
        var grainId = grain.ToString();
        return WriteAsync((s, _) => s.Execute(sql, ("$grain", grainId), ("$name", name)), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Each returned record carries its new DueAt: the next tick, the first whole period past now.</remarks>
    public Task<IReadOnlyList<ReminderRecord>> ClaimDueRemindersAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        const string selectDue = "SELECT grain_id, name, period_ms, due_at FROM reminders WHERE due_at <= $now ORDER BY due_at LIMIT $max";
        const string moveOn = "UPDATE reminders SET due_at = $due WHERE grain_id = $grain AND name = $name";
        return WriteAsync<IReadOnlyList<ReminderRecord>>((s, now) =>
        {
            var due = new List<(string Grain, string Name, long Period, long DueAt)>();
            using (var reader = s.Command(selectDue, ("$now", now), ("$max", max)).ExecuteReader())
            {
                while (reader.Read()) due.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
            var claimed = new List<ReminderRecord>(due.Count);
            foreach (var (grain, name, period, dueAt) in due)
            {
                var next = dueAt + ((now - dueAt) / period + 1) * period;
                s.Execute(moveOn, ("$due", next), ("$grain", grain), ("$name", name));
                claimed.Add(new ReminderRecord(GrainId.Parse(grain), name, TimeSpan.FromMilliseconds(period), Time(next)));
            }
            return claimed;
        }, cancellationToken);
    }

    // ---- signalling -------------------------------------------------------------------

    public Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _database.Signals.Notify(channel, payload);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> ListenAsync(string channel, Action<string> handler, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_database.Signals.Listen(channel, handler));
    }

    // ---- plumbing ---------------------------------------------------------------------

    /// <summary>Runs <paramref name="work"/> in one BEGIN IMMEDIATE transaction, given the clock's now; rolls back if it throws.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteSession, long, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _database.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            _writer.Begin();
            try
            {
                // Read the clock under the write lock, so times grow in commit order.
                var result = work(_writer, Now());
                _writer.Commit();
                return result;
            }
            catch
            {
                _writer.RollbackQuietly();
                throw;
            }
        }
        finally
        {
            _database.WriteGate.Release();
        }
    }

    /// <summary>Runs a read on a pooled read-only connection (or, in memory, on the writer at its turn).</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_inMemory)
        {
            // A shared-cache database locks whole tables, not snapshots: one connection at a time is simplest and fast.
            return await WriteAsync((s, _) => work(s), cancellationToken).ConfigureAwait(false);
        }
        if (!_readers.TryTake(out var reader)) reader = SqliteSession.Open(_connectionString, writer: false, inMemory: false);
        try
        {
            return work(reader);
        }
        finally
        {
            _readers.Add(reader);
            // Disposal may have drained the pool between our check and our return: drain again.
            if (_disposed) DisposeReaders();
        }
    }

    private void DisposeReaders()
    {
        while (_readers.TryTake(out var reader)) reader.Dispose();
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private static string WriteTags(IReadOnlyList<string> tags) => tags.Count == 0 ? NoTags : JsonSerializer.Serialize(tags);

    private static string[] ReadTags(string json) => json == NoTags ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static SiloStatus ParseStatus(string status) => status switch
    {
        Active => SiloStatus.Active,
        Stopped => SiloStatus.Stopped,
        Dead => SiloStatus.Dead,
        _ => throw new InvalidOperationException($"Unknown silo status '{status}' in the silos table."),
    };

    private static SqliteConnectionStringBuilder ToConnectionString(string database)
    {
        if (database == ":memory:")
        {
            return new SqliteConnectionStringBuilder(InMemoryConnectionString("synth-" + Guid.NewGuid().ToString("N")));
        }
        if (database.Contains('=', StringComparison.Ordinal))
        {
            return new SqliteConnectionStringBuilder(database);
        }
        var path = Path.GetFullPath(database);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate };
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || builder.DataSource == ":memory:"
        || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Wait for a write in flight; later ones see _disposed.
        await _database.WriteGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _writer.Dispose();
        }
        finally
        {
            _database.WriteGate.Release();
        }
        DisposeReaders();
        _database.Release();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {SiloId} dead: no heartbeat for more than {TimeoutSeconds} s")]
    private static partial void LogSiloDeclaredDead(ILogger logger, string siloId, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied SQLite migration {Migration}")]
    private static partial void LogMigrationApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite migration {Migration} was changed after it was applied; the database keeps the applied version")]
    private static partial void LogMigrationChanged(ILogger logger, string migration);
}
