namespace Synth.Api.Quotas;

/// <summary>
/// Per-user limits, bound from "Synth:Quotas" (Synth__Quotas__RequestsPerMinute, …). They apply to
/// callers of role user; admins (and the anonymous admin of mode none) are not limited. 0 turns a limit off.
/// The upload size is <see cref="SynthApiOptions.MaxDatasetBytes"/>, for everyone.
/// </summary>
public sealed class SynthQuotaOptions
{
    public const string SectionName = "Synth:Quotas";

    /// <summary>Requests a user may make per minute (a token bucket: bursts up to this many, refilled evenly); more get 429 with Retry-After. Default 600.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Jobs (generate, fit, sample) a user may have queued or running at once; one more is a 429 with Retry-After. Default 4.</summary>
    public int ConcurrentJobs { get; set; } = 4;

    /// <summary>Streams a user may have running, paused or degraded (not stopped) at once; one more is a 429 with Retry-After. Default 4.</summary>
    public int ConcurrentStreams { get; set; } = 4;

    /// <summary>Most rows one job of a user may generate or sample; more is a 413. Default 1,000,000,000.</summary>
    public long MaxRowsPerJob { get; set; } = 1_000_000_000;

    /// <summary>
    /// Artifact storage a user may hold, in bytes: their jobs' files, their streams' files and their datasets' CSVs. A new job
    /// or upload while they hold this much (an upload: that would take them past it) is a 422. Default 10 GiB.
    /// </summary>
    public long MaxStorageBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>How long a client refused for its concurrent jobs or streams is told to wait (Retry-After). Default 30 s.</summary>
    public int JobsRetryAfterSeconds { get; set; } = 30;
}
