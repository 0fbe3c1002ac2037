namespace Synth.Grains.Models;

/// <summary>The durable state of the ModelGrain.</summary>
[GenerateSerializer, Alias("synth.models.ModelState")]
public sealed class ModelState
{
    [Id(0)]
    public NewModel? Model { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public ModelStatus Status { get; set; }

    [Id(3)]
    public string? Error { get; set; }

    [Id(4)]
    public DateTimeOffset? FinishedAt { get; set; }

    [Id(5)]
    public FitResult? Result { get; set; }
}
