using Synth.Core.Datasets;

namespace Synth.Grains.Datasets;

/// <summary>What <see cref="IDatasetGrain.DeriveDomainAsync"/> is asked to do: checked by the API for form, by the grain against the dataset.</summary>
/// <param name="Requester">Who asks (must be the dataset's owner).</param>
/// <param name="Epsilon">ε to spend, at the budget's δ.</param>
/// <param name="ThresholdDelta">δ′ of the thresholded counts; null: a tenth of the budget's δ.</param>
/// <param name="Bounds">Public outer ranges by column.</param>
/// <param name="Seed">The mechanisms' seed; null draws one from the OS.</param>
/// <param name="RequestId">Makes the spend idempotent if the call is retried.</param>
[GenerateSerializer, Immutable, Alias("synth.datasets.DomainDerivationOrder")]
public sealed record DomainDerivationOrder(
    string? Requester,
    double Epsilon,
    double? ThresholdDelta,
    IReadOnlyDictionary<string, PublicRange> Bounds,
    double LowQuantile,
    double HighQuantile,
    ulong? Seed,
    Guid RequestId);
