namespace Synth.Grains.Access;

internal sealed class UserDatasetsGrain([PersistentState("userDatasets", SynthStorage.Name)] IPersistentState<UserDatasetsState> state) : Grain, IUserDatasetsGrain
{
    public Task AddAsync(string datasetId, long bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetId);
        state.State.Datasets[datasetId] = bytes;
        return state.WriteStateAsync();
    }

    public Task RemoveAsync(string datasetId) => state.State.Datasets.Remove(datasetId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyDictionary<string, long>> ListAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(state.State.Datasets, StringComparer.Ordinal));
}
