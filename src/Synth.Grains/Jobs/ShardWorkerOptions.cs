namespace Synth.Grains.Jobs;

/// <summary>How a silo generates job shards, bound from "Synth:Jobs" (Synth__Jobs__Slots, …).</summary>
public sealed class ShardWorkerOptions
{
    public const string SectionName = "Synth:Jobs";

    /// <summary>Shards generated at once on this silo. Default 1: one shard already uses every core (<see cref="Threads"/>).</summary>
    public int Slots { get; set; } = 1;

    /// <summary>Encoding threads per shard. Default: all cores.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>How often a running shard reports its rows, which is also how fast it notices a cancel.</summary>
    public TimeSpan ReportPeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Placement tags of this silo (e.g. "gpu"): it claims only shards of jobs whose required tags it all has. Set by the silo host from Synth:Silo:Tags.</summary>
    public IReadOnlyList<string> SiloTags { get; set; } = [];

    /// <summary>How often an idle silo looks for shards when no announcement woke it (announcements are best effort).</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
