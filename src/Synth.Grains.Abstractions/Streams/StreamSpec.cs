namespace Synth.Grains.Streams;

/// <summary>
/// What a stream emits: records of a schema with a seed and a drift plan, numbered from 0 (a pure
/// function of them: see docs/streams.md), at a rate, into rolling files of the artifact store.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.streams.StreamSpec")]
public sealed record StreamSpec
{
    /// <summary>The schema's text (JSON or YAML), single-table.</summary>
    [Id(0)]
    public required string SchemaText { get; init; }

    [Id(1)]
    public required ulong Seed { get; init; }

    /// <summary>Records per second; null: as fast as the sink takes them.</summary>
    [Id(2)]
    public double? Rate { get; init; }

    /// <summary>Records per batch (a batch is written, and checkpointed, as one).</summary>
    [Id(3)]
    public int BatchSize { get; init; } = 1000;

    /// <summary>The drift plan's text (JSON or YAML); null: none.</summary>
    [Id(4)]
    public string? DriftPlanText { get; init; }

    /// <summary>csv, tsv or jsonl: the files sink's format.</summary>
    [Id(5)]
    public string Format { get; init; } = "jsonl";

    /// <summary>The opt-in column with each record's sequence number; null: none.</summary>
    [Id(6)]
    public string? SequenceColumn { get; init; }

    /// <summary>The opt-in column with the id of each record's concept; null: none.</summary>
    [Id(7)]
    public string? ConceptColumn { get; init; }

    /// <summary>Stop after this many records; null: never.</summary>
    [Id(8)]
    public long? Limit { get; init; }

    /// <summary>A file of the files sink is closed (published) after this many records ...</summary>
    [Id(9)]
    public long RollRecords { get; init; } = 1_000_000;

    /// <summary>... or this many seconds after its first record, whichever comes first.</summary>
    [Id(10)]
    public double RollSeconds { get; init; } = 60;

    [Id(11)]
    public string? Name { get; init; }

    [Id(12)]
    public string? Owner { get; init; }

    /// <summary>Where the records go; null or empty: <see cref="SinkSpec.Default"/> (rolling files).</summary>
    [Id(13)]
    public IReadOnlyList<SinkSpec>? Sinks { get; init; }

    /// <summary>The sinks, the default when none are named. (A method: grain-state serializers write every property.)</summary>
    public IReadOnlyList<SinkSpec> SinksOrDefault() => Sinks is { Count: > 0 } sinks ? [.. sinks] : [.. SinkSpec.Default];

    /// <summary>Record 0 is due at this time (nothing is made before); null: at creation.</summary>
    [Id(14)]
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>The stream stops at this time (as if stopped by its owner); null: never.</summary>
    [Id(15)]
    public DateTimeOffset? StopAt { get; init; }

    /// <summary>Whether two definitions are the same (records compare lists by reference, so this compares their JSON).</summary>
    public bool SameAs(StreamSpec other) =>
        System.Text.Json.JsonSerializer.Serialize(this) == System.Text.Json.JsonSerializer.Serialize(other);
}
