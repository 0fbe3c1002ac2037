namespace Synth.Runtime.Grains;

/// <summary>
/// A grain's durable state. Writes are fenced: they succeed only while this activation holds
/// the grain's lease epoch and the stored ETag is the one last read or written.
/// A write made during a call commits together with that call's completion, so a call that is
/// re-delivered after a failover never applies its write twice.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>Opaque version of the stored state; null before the first write.</summary>
    string? ETag { get; }

    bool RecordExists { get; }

    Task ReadAsync();

    Task WriteAsync();

    Task ClearAsync();
}
