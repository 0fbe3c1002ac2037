namespace Synth.Grains.Schemas;

[GenerateSerializer, Immutable, Alias("synth.schemas.StoredSchema")]
public sealed record StoredSchema(string Id, string Text, DateTimeOffset CreatedAt);
