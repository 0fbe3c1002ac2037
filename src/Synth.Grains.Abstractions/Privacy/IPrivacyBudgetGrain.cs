namespace Synth.Grains.Privacy;

/// <summary>
/// A dataset's privacy budget (key = dataset id), kept as zero-concentrated DP: ρ adds up across
/// measurements, so spending is subtraction. One activation cluster-wide and one call at a time
/// make <see cref="TrySpendAsync"/> atomic: concurrent requests are granted exactly while they fit.
/// Every grant and refund is a ledger entry; a refusal records nothing.
/// (ε, δ) ↔ ρ conversions are the caller's (Synth.Core's accountant), given with each request, with
/// one exception: a spend with a δ′ (an approximate-zCDP mechanism, such as thresholded counts)
/// leaves δ − δ′ for converting the ε of the total, so the grain converts the total again
/// (see <see cref="TrySpendAsync"/>).
/// </summary>
[Alias("synth.privacy.IPrivacyBudgetGrain")]
public interface IPrivacyBudgetGrain : IGrainWithStringKey
{
    /// <summary>Sets the total once. Idempotent with the same total; a different one is a <see cref="BudgetConflictException"/>.</summary>
    [Alias("Initialize")]
    Task<BudgetInfo> InitializeAsync(BudgetTotal total);

    /// <summary>The budget and its ledger, or null when not initialised.</summary>
    [Alias("Get")]
    Task<BudgetInfo?> GetAsync();

    /// <summary>
    /// Spends <see cref="SpendRequest.Rho"/> (and <see cref="SpendRequest.Delta"/>) if it fits in what remains;
    /// else refuses, changing nothing. Without any δ′ spent or requested, ρ fits while the spent ρ stays
    /// within the total's ρ. With δ′: (ρ, δ′)-approximate zCDP mechanisms compose by adding both, and
    /// ρ-zCDP with δ′ spent is (ε, δ)-DP only for the ρ that (ε, δ − δ′) allows; so the request fits when
    /// the δ′ spent plus requested is below the total's δ and the spent ρ plus requested is within
    /// min(total ρ, ρ(ε, δ − δ′ spent − δ′ requested)).
    /// </summary>
    [Alias("TrySpend")]
    Task<SpendResult> TrySpendAsync(SpendRequest request);

    /// <summary>Gives back a grant whose work failed before touching the data (a second refund of it changes nothing).</summary>
    [Alias("Refund")]
    Task<BudgetInfo> RefundAsync(Guid spendId, string reason);
}
