namespace Synth.Grains.Access;

internal sealed class ApiKeyDirectoryGrain([PersistentState("apiKeys", SynthStorage.Name)] IPersistentState<ApiKeyDirectoryState> state) : Grain, IApiKeyDirectoryGrain
{
    public Task RecordAsync(ApiKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        state.State.Keys[key.Id] = key;
        return state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.Keys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]);
}
