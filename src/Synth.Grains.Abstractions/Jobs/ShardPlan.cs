namespace Synth.Grains.Jobs;

/// <summary>
/// Which rows a shard generates and where it writes them. Shards are cut on the format's block
/// boundaries (<c>Synth.Core.Output.Shard</c>), so the parts of a file, between its header and
/// footer, concatenate to exactly the bytes of a single run.
/// </summary>
/// <param name="File">The output file (0 unless the job has several parts).</param>
/// <param name="Index">The shard's number in the job.</param>
/// <param name="FileShard">The shard's number within its file (within its table, for a multi-table schema).</param>
/// <param name="Table">The table of a multi-table schema whose rows it generates (its index in dependency order); 0 otherwise.</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.ShardPlan")]
public sealed record ShardPlan(int File, int Index, int FileShard, int FirstBlock, int BlockCount, long FirstRow, long RowCount, string PartKey, string SummaryKey, int Table = 0);
