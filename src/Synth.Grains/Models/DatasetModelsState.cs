namespace Synth.Grains.Models;

/// <summary>The durable state of the DatasetModelsGrain.</summary>
[GenerateSerializer, Alias("synth.models.DatasetModelsState")]
public sealed class DatasetModelsState
{
    [Id(0)]
    public List<string> Models { get; set; } = [];
}
