namespace Synth.Grains.Jobs;

/// <summary>One shard's durable bookkeeping, part of <see cref="JobState"/>.</summary>
[GenerateSerializer, Alias("synth.jobs.ShardState")]
public sealed class ShardState
{
    [Id(0)]
    public required ShardPlan Plan { get; set; }

    [Id(1)]
    public ShardStatus Status { get; set; }

    /// <summary>Claims so far; the current run is attempt number <see cref="Attempt"/>. Reports and completions naming another attempt are stale.</summary>
    [Id(2)]
    public int Attempt { get; set; }

    /// <summary>The request id of the current claim: a retried claim with it gets this shard again.</summary>
    [Id(3)]
    public Guid? ClaimRequest { get; set; }

    /// <summary>The silo running the current attempt (Orleans' silo address).</summary>
    [Id(4)]
    public string? Silo { get; set; }

    /// <summary>Runs that failed (a claim taken back from a dead or silent silo is not a failure).</summary>
    [Id(5)]
    public int Failures { get; set; }

    /// <summary>A failed shard waits until then before it can be claimed again (backoff).</summary>
    [Id(6)]
    public DateTimeOffset? NotBefore { get; set; }

    [Id(7)]
    public long Bytes { get; set; }

    [Id(8)]
    public string? LastError { get; set; }
}
