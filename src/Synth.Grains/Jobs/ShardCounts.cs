namespace Synth.Grains.Jobs;

/// <param name="Exhausted">Shards that failed <see cref="ShardBook.MaxFailures"/> times.</param>
internal readonly record struct ShardCounts(long RowsDone, int Queued, int Running, int Done, int Exhausted);
