using Synth.Runtime.Grains;

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
public interface IPrivacyBudgetGrain : IGrain
{
    /// <summary>Sets the total once. Idempotent with the same total; a different one is a <see cref="BudgetConflictException"/>.</summary>
    Task<BudgetInfo> InitializeAsync(BudgetTotal total);

    /// <summary>The budget and its ledger, or null when not initialised.</summary>
    Task<BudgetInfo?> GetAsync();

    /// <summary>
    /// Spends <see cref="SpendRequest.Rho"/> (and <see cref="SpendRequest.Delta"/>) if it fits in what remains;
    /// else refuses, changing nothing. Without any δ′ spent or requested, ρ fits while the spent ρ stays
    /// within the total's ρ. With δ′: (ρ, δ′)-approximate zCDP mechanisms compose by adding both, and
    /// ρ-zCDP with δ′ spent is (ε, δ)-DP only for the ρ that (ε, δ − δ′) allows; so the request fits when
    /// the δ′ spent plus requested is below the total's δ and the spent ρ plus requested is within
    /// min(total ρ, ρ(ε, δ − δ′ spent − δ′ requested)).
    /// </summary>
    Task<SpendResult> TrySpendAsync(SpendRequest request);

    /// <summary>Gives back a grant whose work failed before touching the data (a second refund of it changes nothing).</summary>
    Task<BudgetInfo> RefundAsync(Guid spendId, string reason);
}

/// <param name="Epsilon">The total ε the owner set, at <paramref name="Delta"/>.</param>
/// <param name="Rho">The same budget as zCDP ρ (the tightest ρ whose (ε, δ) guarantee is within the total).</param>
public sealed record BudgetTotal(double Epsilon, double Delta, double Rho);

/// <param name="Who">The user or service spending it.</param>
/// <param name="Mechanism">What measures the data, e.g. "mst" or "dp-quantiles".</param>
/// <param name="EpsilonEquivalent">ε of this spend alone at the budget's δ, for the ledger's readers.</param>
/// <param name="JobId">The job doing the work, if any.</param>
/// <param name="Delta">δ′ of an approximate-zCDP mechanism (the probability its guarantee fails), spent from the total's δ. Default 0.</param>
public sealed record SpendRequest(string Who, string Mechanism, double Rho, double EpsilonEquivalent, string? JobId, double Delta = 0);

/// <param name="SpendId">The grant's id (for a refund); null when refused.</param>
/// <param name="Message">Why it was refused, with what remains; null when granted.</param>
public sealed record SpendResult(bool Granted, Guid? SpendId, double RemainingRho, string? Message);

/// <param name="RemainingRho">The largest ρ one more spend without δ′ could have.</param>
/// <param name="SpentDelta">δ′ spent by approximate-zCDP mechanisms (0 when none), out of the total's δ.</param>
public sealed record BudgetInfo(BudgetTotal Total, double SpentRho, double RemainingRho, IReadOnlyList<LedgerEntry> Ledger, double SpentDelta = 0);

/// <param name="Kind">"spend" or "refund" (a refund carries the refunded grant's id and a negative ρ and δ′).</param>
/// <param name="Delta">δ′ of the spend (0 for pure zCDP mechanisms).</param>
public sealed record LedgerEntry(Guid Id, string Kind, DateTimeOffset At, string Who, string Mechanism, double Rho, double EpsilonEquivalent, string? JobId, Guid? Refunds, string? Reason,
    double Delta = 0);

/// <summary>Thrown when a budget request conflicts with the budget's state (HTTP 409).</summary>
public sealed class BudgetConflictException(string message) : Exception(message);
