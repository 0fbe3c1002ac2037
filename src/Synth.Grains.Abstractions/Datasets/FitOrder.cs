namespace Synth.Grains.Datasets;

/// <summary>
/// What <see cref="IDatasetGrain.FitAsync"/> is asked to do: checked by the API for form (a known
/// method, valid ε, δ, holdout and options), by the grain against the dataset, its domain and its budget.
/// </summary>
/// <param name="Requester">Who asks (must be the dataset's owner).</param>
/// <param name="Method">The synthesizer registry's name of the method.</param>
/// <param name="Private">False only for <c>nonprivate</c>, which spends nothing.</param>
/// <param name="Delta">δ of the fit; null: the budget's.</param>
/// <param name="OptionsJson">The synthesizer's options as canonical JSON; null: the defaults.</param>
/// <param name="ModelId">The model to create; chosen by the caller so that a retried call creates no second one.</param>
/// <param name="JobId">The fit job to submit, chosen by the caller for the same reason.</param>
/// <param name="RequestId">Makes the spend idempotent if the call is retried.</param>
[GenerateSerializer, Immutable, Alias("synth.datasets.FitOrder")]
public sealed record FitOrder(
    string? Requester,
    string Method,
    bool Private,
    double? Epsilon,
    double? Delta,
    double Holdout,
    ulong? Seed,
    string? Target,
    string? OptionsJson,
    string ModelId,
    string JobId,
    Guid RequestId);
