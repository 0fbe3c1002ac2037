namespace Synth.Grains.Jobs;

/// <summary>How far a job is: rows, rate, ETA and its shards by state.</summary>
public sealed record JobProgress(
    long RowsDone,
    long RowsTotal,
    double RowsPerSecond,
    double? EtaSeconds,
    int ShardsQueued,
    int ShardsRunning,
    int ShardsDone,
    int ShardsFailed)
{
    public static JobProgress None(long rowsTotal, int shards) => new(0, rowsTotal, 0, null, shards, 0, 0, 0);
}
