using Synth.Core.Datasets;

namespace Synth.Grains.Datasets;

/// <summary>
/// An uploaded (sensitive) table, keyed by its id: where its CSV is stored, its profile, and the
/// domain its owner confirmed. The profile and the draft domain describe private data, so only
/// the owner reads them (a null owner means no authentication: everyone is the owner). The
/// confirmed domain is what synthesizers may use; it is treated as public.
/// Errors: <see cref="KeyNotFoundException"/> (no such dataset), <see cref="UnauthorizedAccessException"/>
/// (not the owner), <see cref="ArgumentException"/> (a domain that does not fit the data).
/// </summary>
[Alias("synth.datasets.IDatasetGrain")]
public interface IDatasetGrain : IGrainWithStringKey
{
    /// <summary>Records a dataset whose CSV is already committed to the artifact store. Once per id.</summary>
    [Alias("Create")]
    Task<DatasetInfo> CreateAsync(NewDataset dataset);

    /// <summary>
    /// Creates the dataset from its stored, unread CSV (one business step, on the silo: the raw CSV is
    /// never read by the API): reads and profiles it, records it and gives it its privacy budget. A CSV
    /// that cannot be used is deleted and rejected (<see cref="DatasetRejectedException"/>). Once per id.
    /// </summary>
    [Alias("CreateFromUpload")]
    Task<UploadedDataset> CreateFromUploadAsync(StoredUpload upload);

    /// <summary>The dataset, or null when none has this id.</summary>
    [Alias("Get")]
    Task<DatasetInfo?> GetAsync();

    [Alias("GetProfile")]
    Task<DatasetProfile> GetProfileAsync(string? requester);

    /// <summary>The confirmed domain, or the draft while none is confirmed.</summary>
    [Alias("GetDomain")]
    Task<DomainSpec> GetDomainAsync(string? requester);

    /// <summary>
    /// Keeps a privately derived domain (with its <see cref="DomainSpec.Derivation"/>) as the draft the owner
    /// reviews: it replaces the profiler's draft; a confirmed domain stays confirmed until the owner confirms another.
    /// </summary>
    [Alias("SetDerivedDraft")]
    Task<DomainSpec> SetDerivedDraftAsync(DomainSpec domain, string? requester);

    /// <summary>
    /// Derives the domain with differential privacy and keeps it as the draft (one business step,
    /// on the silo: the raw CSV never leaves the silos). Checks everything it can without the data,
    /// spends ρ and δ′ from the budget atomically (a refusal records nothing), reads the data and
    /// derives; if the data cannot be read the grant is refunded. Errors: KeyNotFoundException,
    /// UnauthorizedAccessException (not the owner), ArgumentException ("field: problem").
    /// </summary>
    [Alias("DeriveDomain")]
    Task<DomainDerivationOutcome> DeriveDomainAsync(DomainDerivationOrder order);

    /// <summary>
    /// Starts a fit (one business step): checks ownership, the confirmed domain and the order against
    /// it, spends the fit's ρ atomically (a refusal records nothing and is returned, not thrown), then
    /// records the model and submits its fit job; if either fails the grant is refunded and the model
    /// forgotten. Errors: KeyNotFoundException, UnauthorizedAccessException (not the owner),
    /// <see cref="DatasetConflictException"/> (no confirmed domain), ArgumentException (one
    /// "field: problem" per line).
    /// </summary>
    [Alias("Fit")]
    Task<FitOrderOutcome> FitAsync(FitOrder order);

    /// <summary>
    /// Confirms (or replaces) the domain: every column must be the dataset's, and the spec valid. It keeps
    /// the derived draft's <see cref="DomainSpec.Derivation"/> only when it lists exactly the derived columns.
    /// </summary>
    [Alias("ConfirmDomain")]
    Task<DatasetInfo> ConfirmDomainAsync(DomainSpec domain, string? requester);

    /// <summary>Forgets the dataset (the caller removes its artifacts). False when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string? requester);
}
