using System.Text.Json;

namespace Synth.Grains.Jobs;

/// <summary>
/// An event of a job's progress stream (grain stream <see cref="JobStreams.Progress"/>): published
/// at most about 4 times a second while the job runs, and once for each change of status.
/// </summary>
public sealed record JobProgressEvent(string JobId, JobStatus Status, JobProgress Progress, string? Error, DateTimeOffset At)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static JobProgressEvent FromBytes(ReadOnlySpan<byte> bytes) => JsonSerializer.Deserialize<JobProgressEvent>(bytes, Json)!;
}

public static class JobStreams
{
    /// <summary>The grain stream id of a job's progress events.</summary>
    public static string Progress(string jobId) => "job-progress/" + jobId;

    /// <summary>The notification channel silos listen on: rung (payload: the job id) whenever a job has shards waiting for a claim.</summary>
    public const string ShardsAvailableChannel = "synth_job_shards";
}
