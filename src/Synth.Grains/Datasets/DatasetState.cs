using Synth.Core.Datasets;

namespace Synth.Grains.Datasets;

/// <summary>A dataset's durable state (the DatasetGrain's).</summary>
[GenerateSerializer, Alias("synth.datasets.DatasetState")]
public sealed class DatasetState
{
    [Id(0)]
    public NewDataset? Dataset { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public DomainSpec? ConfirmedDomain { get; set; }

    [Id(3)]
    public DateTimeOffset? DomainConfirmedAt { get; set; }

    /// <summary>The latest privately derived domain (it replaces the profiler's draft), with its <see cref="DomainSpec.Derivation"/>.</summary>
    [Id(4)]
    public DomainSpec? DerivedDraft { get; set; }
}
