namespace Synth.Grains.Jobs;

/// <summary>Runs one claimed shard of a job of one kind (<see cref="JobKind"/>) on this silo.</summary>
internal interface IShardRunner
{
    /// <summary>
    /// Does the shard's work and commits its output to the artifact store (nothing is committed
    /// unless the run completes); returns the bytes committed, which the job records.
    /// </summary>
    Task<long> RunAsync(ShardRun run, CancellationToken cancellationToken);
}
