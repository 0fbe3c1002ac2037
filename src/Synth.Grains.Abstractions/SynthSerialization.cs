using Orleans.Serialization;

namespace Synth.Grains;

/// <summary>
/// How Synth's types cross grain calls and reach grain storage. The contract types of this project
/// carry generated serializers (stable <c>[Id]</c>s and <c>[Alias]</c>es); the engine's own types
/// that travel inside them (domains, profiles) stay free of Orleans, as Synth.Core must, and go as
/// System.Text.Json, which they already round-trip for the API and the artifact store.
/// Silos and clients must both call this.
/// </summary>
public static class SynthSerialization
{
    public static ISerializerBuilder AddSynthSerializers(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSupported: type => type.Namespace?.StartsWith("Synth.Core", StringComparison.Ordinal) == true);
}
