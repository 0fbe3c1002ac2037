using Synth.Grains.Privacy;

namespace Synth.Grains.Datasets;

/// <summary>A dataset just created from an upload, and its budget.</summary>
[GenerateSerializer, Immutable, Alias("synth.datasets.UploadedDataset")]
public sealed record UploadedDataset(DatasetInfo Dataset, BudgetInfo Budget);
