using Synth.Core.Datasets;

namespace Synth.Grains.Datasets;

/// <summary>A dataset as its upload recorded it (the CSV already in the artifact store).</summary>
[GenerateSerializer, Immutable, Alias("synth.datasets.NewDataset")]
public sealed record NewDataset(
    string Name,
    string? Owner,
    string DataKey,
    long Bytes,
    int Rows,
    IReadOnlyList<string> Columns,
    DatasetProfile Profile,
    DomainSpec DraftDomain);
