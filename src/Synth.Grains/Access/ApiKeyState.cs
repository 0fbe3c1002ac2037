namespace Synth.Grains.Access;

/// <summary>The durable state of the ApiKeyGrain: the key's description and its secret's SHA-256, never the secret.</summary>
[GenerateSerializer, Alias("synth.access.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)]
    public ApiKeyInfo? Key { get; set; }

    [Id(1)]
    public byte[]? SecretHash { get; set; }
}
