namespace Synth.Grains.Jobs;

/// <summary>What a failure did: the shard waits for a retry, failed too often, failed on the job's input, or the run was stale.</summary>
internal enum ShardFailure
{
    Retried,
    Exhausted,
    NotRetryable,
    Stale,
}
