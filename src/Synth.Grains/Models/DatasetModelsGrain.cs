using Synth.Runtime.Grains;

namespace Synth.Grains.Models;

internal sealed class DatasetModelsGrain : Grain<DatasetModelsGrain.Ids>, IDatasetModelsGrain
{
    public sealed class Ids
    {
        public List<string> Models { get; set; } = [];
    }

    public Task AddAsync(string modelId)
    {
        if (State.Models.Contains(modelId, StringComparer.Ordinal)) return Task.CompletedTask;
        State.Models.Add(modelId);
        return WriteStateAsync();
    }

    public Task RemoveAsync(string modelId) => State.Models.Remove(modelId) ? WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. State.Models]);
}
