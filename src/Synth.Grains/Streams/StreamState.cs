namespace Synth.Grains.Streams;

/// <summary>A stream's durable state (the StreamerGrain's): its definition, every command's effect, and the checkpoint (what each sink acknowledged, the closed files).</summary>
[GenerateSerializer, Alias("synth.streams.StreamState")]
public sealed class StreamState
{
    [Id(0)]
    public StreamSpec? Spec { get; set; }

    [Id(1)]
    public StreamStatus Status { get; set; }

    /// <summary>Records per second now (the spec's, until changed); null: as fast as the sink takes them.</summary>
    [Id(2)]
    public double? Rate { get; set; }

    /// <summary>Records every sink acknowledged (the least of <see cref="Acked"/>).</summary>
    [Id(3)]
    public long Emitted { get; set; }

    [Id(4)]
    public List<StreamFile> Files { get; set; } = [];

    [Id(5)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(6)]
    public DateTimeOffset? StoppedAt { get; set; }

    [Id(7)]
    public string? Error { get; set; }

    /// <summary>The sinks now (the spec's, until changed).</summary>
    [Id(8)]
    public List<SinkSpec> Sinks { get; set; } = [];

    /// <summary>Per sink (by name), the records its destination acknowledged: where that sink resumes.</summary>
    [Id(9)]
    public Dictionary<string, long> Acked { get; set; } = [];

    /// <summary>The drift plans that took over after the spec's, in order.</summary>
    [Id(10)]
    public List<PlanChange> PlanChanges { get; set; } = [];
}
