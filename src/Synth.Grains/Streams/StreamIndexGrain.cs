namespace Synth.Grains.Streams;

internal sealed class StreamIndexGrain([PersistentState("streamIndex", SynthStorage.Name)] IPersistentState<StreamIndexState> state) : Grain, IStreamIndexGrain
{
    public Task AddAsync(string streamId) => state.State.Ids.Add(streamId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids]);
}

[GenerateSerializer, Alias("synth.streams.StreamIndexState")]
public sealed class StreamIndexState
{
    [Id(0)]
    public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}
