namespace Synth.Grains.Access;

/// <summary>
/// One API key, keyed by its id: the hash of its secret, its role and user, whether it is revoked.
/// Lives in the cluster's grain storage (SQLite embedded, PostgreSQL in a cluster), so every API
/// process sees the same keys and a revocation holds everywhere at once (one activation).
/// </summary>
[Alias("synth.access.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Records the key and lists it in the <see cref="IApiKeyDirectoryGrain"/>. Once per id (ArgumentException otherwise).</summary>
    [Alias("Create")]
    Task<ApiKeyInfo> CreateAsync(NewApiKey key);

    /// <summary>The key when <paramref name="secretHash"/> is its secret's hash (compared in constant time) and it is not revoked; else null.</summary>
    [Alias("Verify")]
    Task<ApiKeyInfo?> VerifyAsync(byte[] secretHash);

    /// <summary>Revokes the key for good. False when there is no such key; revoking twice changes nothing.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync();
}
