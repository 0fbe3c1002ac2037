using Orleans.Storage;

namespace Synth.Grains.Streams;

/// <summary>The seed's names (<see cref="ISeedCatalogGrain"/>), kept in one small state.</summary>
internal sealed class SeedCatalogGrain([PersistentState("seed-catalog", SynthStorage.Name)] IPersistentState<SeedCatalogState> state) : Grain, ISeedCatalogGrain
{
    private SeedCatalogState State => state.State;

    public async Task PutGeneratorAsync(SeedGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (State.Generators.TryGetValue(generator.Name, out var existing) && existing.Owner != generator.Owner) throw new StreamConflictException($"the generator name '{generator.Name}' is taken");
        State.Generators[generator.Name] = generator;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SeedGenerator>> GeneratorsAsync() => Task.FromResult<IReadOnlyList<SeedGenerator>>([.. State.Generators.Values.OrderBy(g => g.Name, StringComparer.Ordinal)]);

    public async Task RemoveGeneratorAsync(string name)
    {
        if (State.Streamers.Values.FirstOrDefault(s => s.Generator == name) is { } user) throw new StreamConflictException($"streamer '{user.Name}' uses generator '{name}'; delete it first");
        if (State.Generators.Remove(name)) await state.WriteStateAsync();
    }

    public async Task AddStreamerAsync(SeedStreamer streamer)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        if (State.Streamers.ContainsKey(streamer.Name)) throw new StreamConflictException($"the streamer name '{streamer.Name}' is taken");
        State.Streamers[streamer.Name] = streamer;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SeedStreamer>> StreamersAsync() => Task.FromResult<IReadOnlyList<SeedStreamer>>([.. State.Streamers.Values.OrderBy(s => s.Name, StringComparer.Ordinal)]);

    public async Task RemoveStreamerAsync(string name)
    {
        if (State.Streamers.Remove(name)) await state.WriteStateAsync();
    }

    public Task<SeedConfig> ConfigAsync(string owner) => Task.FromResult(State.Configs.GetValueOrDefault(owner) ?? new SeedConfig());

    public async Task SetConfigAsync(string owner, SeedConfig config)
    {
        State.Configs[owner] = config;
        await state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("synth.streams.SeedCatalogState")]
internal sealed class SeedCatalogState
{
    [Id(0)]
    public Dictionary<string, SeedGenerator> Generators { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Dictionary<string, SeedStreamer> Streamers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per owner ("" for the anonymous caller of auth mode none).</summary>
    [Id(2)]
    public Dictionary<string, SeedConfig> Configs { get; set; } = new(StringComparer.Ordinal);
}
