namespace Synth.Grains.Streams;

/// <summary>
/// One stream, keyed by its id: emits its records at its rate into rolling files of the artifact
/// store, checkpoints each closed file, and carries on from its checkpoint after a failover (the
/// records of a file that was open are made again: the same bytes). Every command is persisted.
/// Errors: <see cref="KeyNotFoundException"/> (no such stream), <see cref="StreamConflictException"/>
/// (a command the stream's state forbids, e.g. resuming a stopped stream), ArgumentException
/// ("field: problem": a definition that does not compile).
/// </summary>
[Alias("synth.streams.IStreamerGrain")]
public interface IStreamerGrain : IGrainWithStringKey
{
    /// <summary>Creates and starts the stream. Idempotent for the same spec.</summary>
    [Alias("Start")]
    Task<StreamInfo> StartAsync(StreamSpec spec);

    /// <summary>The stream, or null when none has this id.</summary>
    [Alias("Get")]
    Task<StreamInfo?> GetAsync();

    [Alias("Pause")]
    Task<StreamInfo> PauseAsync();

    [Alias("Resume")]
    Task<StreamInfo> ResumeAsync();

    /// <summary>Closes the open file (publishing its records) and stops for good.</summary>
    [Alias("Stop")]
    Task<StreamInfo> StopAsync();

    /// <summary>Changes the rate (null: as fast as the sink takes them), from the next tick on (within a second).</summary>
    [Alias("SetRate")]
    Task<StreamInfo> SetRateAsync(double? rate);
}
