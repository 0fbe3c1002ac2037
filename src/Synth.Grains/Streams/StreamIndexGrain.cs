namespace Synth.Grains.Streams;

internal sealed class StreamIndexGrain([PersistentState("streamIndex", SynthStorage.Name)] IPersistentState<StreamIndexState> state) : Grain, IStreamIndexGrain
{
    private StreamIndexState State => state.State;

    public Task AddAsync(string streamId, string? owner)
    {
        var added = State.Ids.Add(streamId);
        if (owner is not null && !(State.Owners.TryGetValue(streamId, out var known) && known == owner))
        {
            State.Owners[streamId] = owner;
            added = true;
        }
        return added ? state.WriteStateAsync() : Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. State.Ids]);

    // A stream with no owner here is anonymous, or was indexed before owners were: it may be anybody's.
    public Task<IReadOnlyList<string>> ListOwnedAsync(string owner) =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Ids.Where(id => !State.Owners.TryGetValue(id, out var known) || known == owner)]);

    public Task StoppedAsync(string streamId) =>
        State.Ids.Contains(streamId) && State.Stopped.Add(streamId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListLiveAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Ids.Where(id => !State.Stopped.Contains(id))]);
}

[GenerateSerializer, Alias("synth.streams.StreamIndexState")]
public sealed class StreamIndexState
{
    [Id(0)]
    public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Those of <see cref="Ids"/> that stopped (absent in the state of a version before it: every stream is then taken as live).</summary>
    [Id(1)]
    public SortedSet<string> Stopped { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The owner of each of <see cref="Ids"/> that has one (absent for anonymous streams, and those indexed before owners were).</summary>
    [Id(2)]
    public Dictionary<string, string> Owners { get; set; } = new(StringComparer.Ordinal);
}
