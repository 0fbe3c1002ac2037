namespace Synth.Grains.Access;

/// <summary>The durable state of the ApiKeyDirectoryGrain.</summary>
[GenerateSerializer, Alias("synth.access.ApiKeyDirectoryState")]
public sealed class ApiKeyDirectoryState
{
    [Id(0)]
    public Dictionary<string, ApiKeyInfo> Keys { get; set; } = new(StringComparer.Ordinal);
}
