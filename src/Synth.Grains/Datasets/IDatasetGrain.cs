using System.Security.Cryptography;
using Synth.Core.Datasets;
using Synth.Runtime.Grains;

namespace Synth.Grains.Datasets;

/// <summary>
/// An uploaded (sensitive) table, keyed by its id: where its CSV is stored, its profile, and the
/// domain its owner confirmed. The profile and the draft domain describe private data, so only
/// the owner reads them (a null owner means no authentication: everyone is the owner). The
/// confirmed domain is what synthesizers may use; it is treated as public.
/// Errors: <see cref="KeyNotFoundException"/> (no such dataset), <see cref="UnauthorizedAccessException"/>
/// (not the owner), <see cref="ArgumentException"/> (a domain that does not fit the data).
/// </summary>
public interface IDatasetGrain : IGrain
{
    /// <summary>Records a dataset whose CSV is already committed to the artifact store. Once per id.</summary>
    Task<DatasetInfo> CreateAsync(NewDataset dataset);

    /// <summary>The dataset, or null when none has this id.</summary>
    Task<DatasetInfo?> GetAsync();

    Task<DatasetProfile> GetProfileAsync(string? requester);

    /// <summary>The confirmed domain, or the draft while none is confirmed.</summary>
    Task<DomainSpec> GetDomainAsync(string? requester);

    /// <summary>
    /// Keeps a privately derived domain (with its <see cref="DomainSpec.Derivation"/>) as the draft the owner
    /// reviews: it replaces the profiler's draft; a confirmed domain stays confirmed until the owner confirms another.
    /// </summary>
    Task<DomainSpec> SetDerivedDraftAsync(DomainSpec domain, string? requester);

    /// <summary>
    /// Confirms (or replaces) the domain: every column must be the dataset's, and the spec valid. It keeps
    /// the derived draft's <see cref="DomainSpec.Derivation"/> only when it lists exactly the derived columns.
    /// </summary>
    Task<DatasetInfo> ConfirmDomainAsync(DomainSpec domain, string? requester);

    /// <summary>Forgets the dataset (the caller removes its artifacts). False when there was none.</summary>
    Task<bool> DeleteAsync(string? requester);
}

public sealed record NewDataset(
    string Name,
    string? Owner,
    string DataKey,
    long Bytes,
    int Rows,
    IReadOnlyList<string> Columns,
    DatasetProfile Profile,
    DomainSpec DraftDomain);

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

/// <summary>Dataset ids: "d" + 20 hex digits.</summary>
public static class DatasetIds
{
    public static string New() => "d" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 'd' && !id.AsSpan(1).ContainsAnyExcept("0123456789abcdef");

    /// <summary>Where a dataset's CSV is kept in the artifact store.</summary>
    public static string DataKey(string id) => $"datasets/{id}/data.csv";
}
