namespace Synth.Grains.Jobs;

/// <summary>
/// An event of a job's progress (<see cref="IJobGrain.ReadProgressAsync"/>): published at most
/// about 4 times a second while the job runs, and once for each change of status.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobProgressEvent")]
public sealed record JobProgressEvent(string JobId, JobStatus Status, JobProgress Progress, string? Error, DateTimeOffset At);
