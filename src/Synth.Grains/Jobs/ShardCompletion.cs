namespace Synth.Grains.Jobs;

/// <summary>What a completion did: the shard is done now, was done already (a retry), or the run was stale.</summary>
internal enum ShardCompletion
{
    Completed,
    AlreadyDone,
    Stale,
}
