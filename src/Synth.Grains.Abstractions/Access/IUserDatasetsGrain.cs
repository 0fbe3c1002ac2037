namespace Synth.Grains.Access;

/// <summary>
/// The datasets one user owns (key: the user's usage key, see the API's Caller), with the bytes each
/// stores: for <c>GET /me/usage</c> and the storage quota. The API records a dataset after creating
/// it and forgets it after deleting it.
/// </summary>
[Alias("synth.access.IUserDatasetsGrain")]
public interface IUserDatasetsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string datasetId, long bytes);

    [Alias("Remove")]
    Task RemoveAsync(string datasetId);

    /// <summary>Dataset id → stored bytes.</summary>
    [Alias("List")]
    Task<IReadOnlyDictionary<string, long>> ListAsync();
}
