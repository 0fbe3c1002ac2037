using Synth.Runtime.Grains;

namespace Synth.Grains.Models;

/// <summary>
/// The models fitted on one dataset (key = dataset id), for <c>GET /models?datasetId=</c>. Kept
/// apart from the dataset's grain because models outlive their dataset.
/// </summary>
public interface IDatasetModelsGrain : IGrain
{
    Task AddAsync(string modelId);

    Task RemoveAsync(string modelId);

    /// <summary>Model ids, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
