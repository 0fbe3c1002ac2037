namespace Synth.Runtime.Storage;

/// <summary>
/// Everything the runtime keeps durable, behind one contract with two providers: PostgreSQL
/// (the cluster) and SQLite (embedded, one process). Every method is a single short
/// transaction; the guarantees of the runtime are the guarantees stated here.
/// Times are the database's clock (PostgreSQL <c>now()</c>; SQLite: the one process's clock, in
/// milliseconds), never a silo's, so skew between machines cannot make a live silo look dead.
/// </summary>
public interface IClusterStore : IAsyncDisposable
{
    /// <summary>Applies the versioned migrations not applied yet. Safe when many silos start at once (serialised by a lock).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    // ---- membership -------------------------------------------------------------------

    /// <summary>Inserts (or revives) this silo as Active with a fresh heartbeat. A silo coming back from Dead or Stopped holds none of its old leases.</summary>
    Task RegisterSiloAsync(string siloId, string name, string address, IReadOnlyList<string> tags, CancellationToken cancellationToken);

    /// <summary>
    /// Refreshes the silo's heartbeat and reports its activation count. Returns false when the
    /// silo is no longer Active (a peer declared it dead): it must then drop every activation.
    /// </summary>
    Task<bool> HeartbeatAsync(string siloId, int activations, CancellationToken cancellationToken);

    /// <summary>Marks Dead every Active silo whose heartbeat is older than <paramref name="timeout"/>; returns their ids.</summary>
    Task<IReadOnlyList<string>> DeclareDeadSilosAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Graceful shutdown: marks the silo Stopped and releases its leases (their grains re-activate
    /// elsewhere on the next call). A released lease keeps its epoch, so no epoch is ever handed out twice for a grain.
    /// </summary>
    Task StopSiloAsync(string siloId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SiloRecord>> GetSilosAsync(CancellationToken cancellationToken);

    // ---- single activation ------------------------------------------------------------

    Task<Lease?> GetLeaseAsync(GrainId grain, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the grain's lease to <paramref name="siloId"/> when there is none or its owner is not
    /// Active (epoch + 1); returns the lease as it stands afterwards (possibly someone else's).
    /// </summary>
    Task<Lease> AcquireLeaseAsync(GrainId grain, string siloId, CancellationToken cancellationToken);

    /// <summary>Releases the lease if it is still <paramref name="lease"/> (same owner and epoch); the epoch is kept.</summary>
    Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken);

    // ---- calls ------------------------------------------------------------------------

    /// <summary>
    /// Stores a call in its grain's inbox and returns its sequence. Idempotent: the same CallId
    /// returns the first sequence. With <paramref name="ring"/>, also rings that channel once the call is
    /// stored (PostgreSQL: in the same transaction), sparing a round trip, with <see cref="InboxBell"/>'s
    /// payload: the new call itself when it fits, else (and for a call stored before) the grain id.
    /// </summary>
    Task<long> EnqueueCallAsync(GrainCall call, CancellationToken cancellationToken, string? ring = null);

    /// <summary>The grain's not yet completed calls with sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<GrainCall>> GetPendingCallsAsync(GrainId grain, long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: checks the caller still holds <paramref name="lease"/>'s epoch, applies
    /// <paramref name="stateWrite"/> if any (ETag-checked), marks the call done and stores its reply.
    /// Throws <see cref="InconsistentStateException"/> (and changes nothing) when the lease or ETag check fails.
    /// The lease is checked first: a stale owner gets the exception even for a call already completed.
    /// Completing an already completed call (by the current owner) changes nothing.
    /// Once the completion commits, the call's <see cref="GrainCall.ReplyTo"/> channel (if any) is rung with <see cref="ReplyBell.Encode"/>.
    /// </summary>
    Task CompleteCallAsync(Lease lease, CallReply reply, StateWrite? stateWrite, CancellationToken cancellationToken);

    Task<CallReply?> GetReplyAsync(Guid callId, CancellationToken cancellationToken);

    // ---- state ------------------------------------------------------------------------

    Task<(byte[]? Data, string? ETag)> ReadStateAsync(GrainId grain, CancellationToken cancellationToken);

    /// <summary>Writes state outside a call (e.g. from a timer or activity), fenced like <see cref="CompleteCallAsync"/>.</summary>
    Task WriteStateAsync(Lease lease, StateWrite write, CancellationToken cancellationToken);

    // ---- grain streams ----------------------------------------------------------------

    /// <summary>Appends an event; sequences per stream start at 1 and have no gaps.</summary>
    Task<long> AppendEventAsync(string streamId, byte[] payload, CancellationToken cancellationToken);

    Task<IReadOnlyList<StreamEvent>> ReadEventsAsync(string streamId, long afterSequence, int max, CancellationToken cancellationToken);

    // ---- reminders --------------------------------------------------------------------

    Task UpsertReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken);

    Task RemoveReminderAsync(GrainId grain, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> reminders due now, moving each one's DueAt on by whole
    /// periods past now, so two silos never both fire the same tick. Each returned record carries its next DueAt.
    /// </summary>
    Task<IReadOnlyList<ReminderRecord>> ClaimDueRemindersAsync(int max, CancellationToken cancellationToken);

    // ---- signalling -------------------------------------------------------------------

    /// <summary>
    /// Sends a small payload to everyone listening on <paramref name="channel"/> (PostgreSQL NOTIFY;
    /// in-process for SQLite). Channels are <c>[a-z0-9_]</c>, 1–63 characters; payloads under 8,000
    /// bytes; otherwise <see cref="ArgumentException"/>. Best effort: receivers also poll.
    /// </summary>
    Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken);

    /// <summary>Starts listening on a channel; the handler runs for each notification until the returned handle is disposed.</summary>
    Task<IAsyncDisposable> ListenAsync(string channel, Action<string> handler, CancellationToken cancellationToken);
}
