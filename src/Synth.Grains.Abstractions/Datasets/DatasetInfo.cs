namespace Synth.Grains.Datasets;

/// <summary>A dataset as users see it.</summary>
[GenerateSerializer, Immutable, Alias("synth.datasets.DatasetInfo")]
public sealed record DatasetInfo(
    string Id,
    string Name,
    string? Owner,
    DateTimeOffset CreatedAt,
    int Rows,
    IReadOnlyList<string> Columns,
    long Bytes,
    bool DomainConfirmed,
    DateTimeOffset? DomainConfirmedAt);
