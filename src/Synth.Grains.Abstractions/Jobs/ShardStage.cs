namespace Synth.Grains.Jobs;

/// <summary>Where a running shard's work is, beyond its rows: a fit's stage, its fraction done (0 to 1) and a line for people.</summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.ShardStage")]
public sealed record ShardStage(string Stage, double Fraction, string Message);
