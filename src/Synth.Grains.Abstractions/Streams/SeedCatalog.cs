namespace Synth.Grains.Streams;

/// <summary>
/// The seed's named generators and streamers (<c>/generators</c>, <c>/streamers</c>, <c>/config</c>):
/// names that map onto stream definitions and streams. One grain for the cluster (key
/// <see cref="Key"/>); names are unique across it, and each entry has an owner.
/// </summary>
[Alias("synth.streams.ISeedCatalogGrain")]
public interface ISeedCatalogGrain : IGrainWithStringKey
{
    public const string Key = "seed";

    /// <summary>Adds or replaces a generator; <see cref="StreamConflictException"/> when another owner has the name.</summary>
    [Alias("PutGenerator")]
    Task PutGeneratorAsync(SeedGenerator generator);

    [Alias("Generators")]
    Task<IReadOnlyList<SeedGenerator>> GeneratorsAsync();

    /// <summary>Forgets a generator; <see cref="StreamConflictException"/> while a streamer uses it.</summary>
    [Alias("RemoveGenerator")]
    Task RemoveGeneratorAsync(string name);

    /// <summary>Adds a streamer; <see cref="StreamConflictException"/> when the name is taken.</summary>
    [Alias("AddStreamer")]
    Task AddStreamerAsync(SeedStreamer streamer);

    [Alias("Streamers")]
    Task<IReadOnlyList<SeedStreamer>> StreamersAsync();

    [Alias("RemoveStreamer")]
    Task RemoveStreamerAsync(string name);

    /// <summary>The owner's settings for new streamers (the defaults until set).</summary>
    [Alias("Config")]
    Task<SeedConfig> ConfigAsync(string owner);

    [Alias("SetConfig")]
    Task SetConfigAsync(string owner, SeedConfig config);
}

/// <summary>A named stream definition without a rate: what a streamer streams.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.SeedGenerator")]
public sealed record SeedGenerator(string Name, string Owner, string SchemaText, ulong Seed, string? DriftPlanText, string Format, string? SequenceColumn, string? ConceptColumn);

/// <summary>A named stream of a generator.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.SeedStreamer")]
public sealed record SeedStreamer(string Name, string Owner, string Generator, string StreamId);

/// <summary>The seed's settings: <see cref="BatchSize"/> records every <see cref="Frequency"/> seconds, and its simple drift.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.SeedConfig")]
public sealed record SeedConfig(double Frequency = 1, int BatchSize = 100, bool DriftEnabled = false, double DriftInterval = 60, double DriftMagnitude = 0.5)
{
    public double Rate => BatchSize / Frequency;
}
