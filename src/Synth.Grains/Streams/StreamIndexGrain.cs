namespace Synth.Grains.Streams;

internal sealed class StreamIndexGrain([PersistentState("streamIndex", SynthStorage.Name)] IPersistentState<StreamIndexState> state) : Grain, IStreamIndexGrain
{
    public Task AddAsync(string streamId) => state.State.Ids.Add(streamId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids]);

    public Task StoppedAsync(string streamId) =>
        state.State.Ids.Contains(streamId) && state.State.Stopped.Add(streamId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListLiveAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids.Where(id => !state.State.Stopped.Contains(id))]);
}

[GenerateSerializer, Alias("synth.streams.StreamIndexState")]
public sealed class StreamIndexState
{
    [Id(0)]
    public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Those of <see cref="Ids"/> that stopped (absent in the state of a version before it: every stream is then taken as live).</summary>
    [Id(1)]
    public SortedSet<string> Stopped { get; set; } = new(StringComparer.Ordinal);
}
