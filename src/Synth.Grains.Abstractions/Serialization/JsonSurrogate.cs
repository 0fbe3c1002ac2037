namespace Synth.Grains.Serialization;

/// <summary>
/// How an engine type (Synth.Core: domains, profiles) crosses grain calls and reaches grain
/// storage: as its System.Text.Json text, which it already round-trips for the API and the
/// artifact store. Synth.Core stays free of Orleans; the converters below are found by Orleans'
/// code generation, so every silo and client that loads this assembly has them, with no setup.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.JsonSurrogate")]
public readonly struct JsonSurrogate(string json)
{
    [Id(0)]
    public string Json { get; } = json;
}
