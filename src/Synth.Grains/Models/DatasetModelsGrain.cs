
namespace Synth.Grains.Models;

internal sealed class DatasetModelsGrain([PersistentState("datasetModels", SynthStorage.Name)] IPersistentState<DatasetModelsState> state) : Grain, IDatasetModelsGrain
{
    private string Key => this.GetPrimaryKeyString();

    private DatasetModelsState State
    {
        get => state.State;
        set => state.State = value;
    }

    public Task AddAsync(string modelId)
    {
        if (State.Models.Contains(modelId, StringComparer.Ordinal)) return Task.CompletedTask;
        State.Models.Add(modelId);
        return state.WriteStateAsync();
    }

    public Task RemoveAsync(string modelId) => State.Models.Remove(modelId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. State.Models]);
}
