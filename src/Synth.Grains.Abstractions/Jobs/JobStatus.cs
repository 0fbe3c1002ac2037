using System.Text.Json.Serialization;

namespace Synth.Grains.Jobs;

/// <summary>Where a job is in its life. Succeeded, Failed and Cancelled are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
[GenerateSerializer, Alias("synth.jobs.JobStatus")]
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public static class JobStatusExtensions
{
    public static bool IsFinal(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
