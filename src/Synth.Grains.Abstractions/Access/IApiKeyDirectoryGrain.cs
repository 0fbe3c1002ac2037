namespace Synth.Grains.Access;

/// <summary>Every API key (one grain, key <see cref="Key"/>), for <c>GET /keys</c>; the key grains keep it up to date.</summary>
[Alias("synth.access.IApiKeyDirectoryGrain")]
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>Adds or updates a key's row.</summary>
    [Alias("Record")]
    Task RecordAsync(ApiKeyInfo key);

    /// <summary>Every key, oldest first, revoked ones included.</summary>
    [Alias("List")]
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync();
}
