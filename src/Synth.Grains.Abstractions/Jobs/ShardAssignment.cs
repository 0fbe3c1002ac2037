namespace Synth.Grains.Jobs;

/// <summary>A claimed shard: what to generate and where to put it. Reports, completion and failure name it by (shard, attempt).</summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.ShardAssignment")]
public sealed record ShardAssignment(string JobId, int Shard, int Attempt, JobSpec Spec, ShardPlan Plan);
