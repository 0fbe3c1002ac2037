namespace Synth.Api.Quotas;

/// <summary>The answer of <c>GET /me/usage</c>: what the caller holds and has used, and their limits.</summary>
/// <param name="User">The caller's user name; null for the anonymous admin of mode none.</param>
/// <param name="RowsGenerated">Rows of the caller's succeeded generate and sample jobs.</param>
/// <param name="ActiveJobs">Queued or running jobs (what <see cref="SynthQuotaOptions.ConcurrentJobs"/> limits).</param>
/// <param name="ActiveStreams">Streams not stopped (what <see cref="SynthQuotaOptions.ConcurrentStreams"/> limits).</param>
/// <param name="StorageBytes">The caller's jobs' and streams' files plus their datasets' CSVs, in bytes.</param>
/// <param name="PrivacyBudget">ε and ρ spent from each of the caller's datasets.</param>
/// <param name="Limits">The caller's quotas; null for admins, who have none.</param>
public sealed record Usage(
    string? User,
    string Role,
    long RowsGenerated,
    int Jobs,
    int ActiveJobs,
    IReadOnlyDictionary<string, int> JobsByStatus,
    int Streams,
    int ActiveStreams,
    int Datasets,
    long StorageBytes,
    long JobStorageBytes,
    long StreamStorageBytes,
    long DatasetStorageBytes,
    double PrivacyRhoSpent,
    IReadOnlyList<DatasetSpend> PrivacyBudget,
    SynthQuotaOptions? Limits);
