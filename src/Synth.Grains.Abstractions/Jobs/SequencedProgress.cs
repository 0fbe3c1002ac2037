namespace Synth.Grains.Jobs;

/// <summary>A progress event with its sequence number in the job's stream (1, 2, 3, …).</summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.SequencedProgress")]
public sealed record SequencedProgress(long Sequence, JobProgressEvent Event);
