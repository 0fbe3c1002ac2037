namespace Synth.Grains.Jobs;

/// <summary>A claimed shard: what to generate and where to put it. Reports, completion and failure name it by (shard, attempt).</summary>
/// <param name="TraceParent">The trace that submitted the job (W3C traceparent), for the shard's span; null when nothing traced it.</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.ShardAssignment")]
public sealed record ShardAssignment(string JobId, int Shard, int Attempt, JobSpec Spec, ShardPlan Plan, string? TraceParent = null);
