namespace Synth.Grains.Models;

/// <summary>
/// The models fitted on one dataset (key = dataset id), for <c>GET /models?datasetId=</c>. Kept
/// apart from the dataset's grain because models outlive their dataset.
/// </summary>
[Alias("synth.models.IDatasetModelsGrain")]
public interface IDatasetModelsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string modelId);

    [Alias("Remove")]
    Task RemoveAsync(string modelId);

    /// <summary>Model ids, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
