using Synth.Grains.Privacy;

namespace Synth.Grains.Datasets;

/// <summary>An upload whose bytes are stored at <see cref="DatasetIds.DataKey"/> of the grain's id, not yet read: the grain reads and profiles them on its silo.</summary>
/// <param name="Name">The dataset's name (default: its id).</param>
/// <param name="Bytes">Size of the stored CSV.</param>
/// <param name="Budget">The privacy budget it gets.</param>
[GenerateSerializer, Immutable, Alias("synth.datasets.StoredUpload")]
public sealed record StoredUpload(string Name, string? Owner, long Bytes, BudgetTotal Budget);
