namespace Synth.Grains.Streams;

/// <summary>What changes in a running stream (PATCH /streams/{id}); each part is left alone when not given.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.StreamUpdate")]
public sealed record StreamUpdate
{
    /// <summary>Whether <see cref="Rate"/> is part of the change (a null rate means "as fast as the sinks take them").</summary>
    [Id(0)]
    public bool ChangesRate { get; init; }

    [Id(1)]
    public double? Rate { get; init; }

    /// <summary>A new drift plan (JSON or YAML text), from the next record made on; "" removes the plan.</summary>
    [Id(2)]
    public string? DriftPlanText { get; init; }

    /// <summary>The new sinks: a sink kept by name keeps its checkpoint; a new one starts at the next record.</summary>
    [Id(3)]
    public IReadOnlyList<SinkSpec>? Sinks { get; init; }
}
