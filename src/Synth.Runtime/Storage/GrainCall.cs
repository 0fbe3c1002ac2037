namespace Synth.Runtime.Storage;

/// <summary>
/// A call as stored in the target grain's inbox. <see cref="CallId"/> is chosen by the caller and
/// makes enqueueing idempotent; <see cref="Sequence"/> is assigned by the store and orders the
/// grain's calls. <see cref="ReplyTo"/> is the caller's signal channel (null for one-way calls
/// such as reminder ticks).
/// </summary>
public sealed record GrainCall(
    Guid CallId,
    GrainId Target,
    string Method,
    byte[] Arguments,
    string? ReplyTo,
    IReadOnlyList<string> RequiredTags,
    DateTimeOffset Deadline,
    long Sequence = 0);

/// <summary>The outcome of a call: a JSON result, or an error (exception type and message).</summary>
public sealed record CallReply(Guid CallId, bool Succeeded, byte[]? Result, string? ErrorType, string? ErrorMessage);

/// <summary>A state write to commit atomically with a call's completion (see <see cref="IClusterStore.CompleteCallAsync"/>).</summary>
public sealed record StateWrite(GrainId Grain, byte[] Data, string? ExpectedETag, string NewETag, long Epoch);

/// <summary>An event of a grain stream.</summary>
public sealed record StreamEvent(string StreamId, long Sequence, byte[] Payload, DateTimeOffset At);

/// <summary>A durable reminder.</summary>
public sealed record ReminderRecord(GrainId Grain, string Name, TimeSpan Period, DateTimeOffset DueAt);

/// <summary>Thrown when a state write loses: its ETag is stale or its writer no longer holds the lease's epoch.</summary>
public sealed class InconsistentStateException(string message) : Exception(message);
