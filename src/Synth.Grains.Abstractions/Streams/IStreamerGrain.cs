namespace Synth.Grains.Streams;

/// <summary>
/// One stream, keyed by its id: emits its records at its rate into its sinks, checkpoints what each
/// sink acknowledged, and carries on from there after a failover (records made again are the same
/// bytes). Every command is persisted.
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

    /// <summary>Makes what the sinks hold durable (a files sink publishes its open file) and stops for good.</summary>
    [Alias("Stop")]
    Task<StreamInfo> StopAsync();

    /// <summary>
    /// Changes the rate (from the next tick on, within a second), the drift plan (from the next record
    /// not made yet) and/or the sinks, without a restart; everything is checked first, and a refused
    /// update changes nothing.
    /// </summary>
    [Alias("Update")]
    Task<StreamInfo> UpdateAsync(StreamUpdate update);
}
