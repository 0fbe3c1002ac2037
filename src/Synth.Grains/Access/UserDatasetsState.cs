namespace Synth.Grains.Access;

/// <summary>The durable state of the UserDatasetsGrain.</summary>
[GenerateSerializer, Alias("synth.access.UserDatasetsState")]
public sealed class UserDatasetsState
{
    [Id(0)]
    public Dictionary<string, long> Datasets { get; set; } = new(StringComparer.Ordinal);
}
