using System.Text.Json;

namespace Synth.Grains.Serialization;

/// <summary>Converts an engine type to and from <see cref="JsonSurrogate"/> (System.Text.Json, default options).</summary>
public abstract class JsonSurrogateConverter<T> : IConverter<T, JsonSurrogate>
{
    public T ConvertFromSurrogate(in JsonSurrogate surrogate) =>
        JsonSerializer.Deserialize<T>(surrogate.Json) ?? throw new InvalidOperationException($"a {typeof(T).Name} serialized as null");

    public JsonSurrogate ConvertToSurrogate(in T value) => new(JsonSerializer.Serialize(value));
}
