using System.Security.Cryptography;

namespace Synth.Grains.Access;

internal sealed class ApiKeyGrain([PersistentState("apiKey", SynthStorage.Name)] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    private string Key => this.GetPrimaryKeyString();

    public async Task<ApiKeyInfo> CreateAsync(NewApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ApiKeySecret.IsValidId(Key)) throw new ArgumentException($"id: '{Key}' is not a key id ('k' and 20 lowercase hex digits)");
        if (!SynthRoles.IsKnown(key.Role)) throw new ArgumentException($"role: '{key.Role}' is not a role ({SynthRoles.Admin} or {SynthRoles.User})");
        if (key.SecretHash is not { Length: 32 }) throw new ArgumentException("secretHash: must be a SHA-256 (32 bytes)");
        if (state.State.Key is not null) throw new ArgumentException($"id: key {Key} exists already");
        var info = new ApiKeyInfo(Key, key.Name, key.Role, key.User, DateTimeOffset.UtcNow, null);
        state.State = new ApiKeyState { Key = info, SecretHash = key.SecretHash };
        await state.WriteStateAsync();
        // The key works from here on; the listing follows (a failure here leaves a working key that
        // a retry of the listing repairs, never a listed key that does not work).
        await GrainFactory.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).RecordAsync(info);
        return info;
    }

    public Task<ApiKeyInfo?> VerifyAsync(byte[] secretHash)
    {
        var stored = state.State;
        var matches = stored.Key is { RevokedAt: null } && stored.SecretHash is { } hash && secretHash is { Length: 32 }
            && CryptographicOperations.FixedTimeEquals(hash, secretHash);
        return Task.FromResult(matches ? stored.Key : null);
    }

    public async Task<bool> RevokeAsync()
    {
        if (state.State.Key is not { } key) return false;
        if (key.RevokedAt is null)
        {
            key = key with { RevokedAt = DateTimeOffset.UtcNow };
            state.State.Key = key;
            await state.WriteStateAsync();
        }
        await GrainFactory.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).RecordAsync(key);
        return true;
    }
}
