namespace Synth.Grains.Jobs;

/// <summary>Thrown when a request conflicts with the job's state (HTTP 409).</summary>
[GenerateSerializer, Alias("synth.jobs.JobConflictException")]
public sealed class JobConflictException(string message) : Exception(message);
