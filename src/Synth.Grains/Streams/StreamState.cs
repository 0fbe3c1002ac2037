namespace Synth.Grains.Streams;

/// <summary>A stream's durable state (the StreamerGrain's): its definition, every command's effect, and the checkpoint (the closed files).</summary>
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

    /// <summary>Records in closed files: where the stream resumes.</summary>
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
}
