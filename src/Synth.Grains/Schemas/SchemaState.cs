namespace Synth.Grains.Schemas;

/// <summary>A stored schema's durable state (the SchemaGrain's).</summary>
[GenerateSerializer, Alias("synth.schemas.SchemaState")]
public sealed class SchemaState
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }
}
