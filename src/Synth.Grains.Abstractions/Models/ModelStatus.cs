using System.Text.Json.Serialization;

namespace Synth.Grains.Models;

/// <summary>Where a model is in its life. Ready, Failed and Cancelled are final; only Ready samples.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelStatus>))]
[GenerateSerializer, Alias("synth.models.ModelStatus")]
public enum ModelStatus
{
    Fitting,
    Ready,
    Failed,
    Cancelled,
}
