namespace Synth.Grains.Jobs;

/// <summary>
/// How far a job is: rows, rate, ETA and its shards by state. A fit job also says which stage its
/// fit is in (<see cref="Stage"/>: "read", "measure", "select", "estimate", "evaluate", …), how far
/// that stage is (<see cref="StageFraction"/>, 0 to 1) and a line for people (<see cref="Message"/>);
/// the three are null for generation and sample jobs.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobProgress")]
public sealed record JobProgress(
    long RowsDone,
    long RowsTotal,
    double RowsPerSecond,
    double? EtaSeconds,
    int ShardsQueued,
    int ShardsRunning,
    int ShardsDone,
    int ShardsFailed,
    string? Stage = null,
    double? StageFraction = null,
    string? Message = null)
{
    public static JobProgress None(long rowsTotal, int shards) => new(0, rowsTotal, 0, null, shards, 0, 0, 0);
}
