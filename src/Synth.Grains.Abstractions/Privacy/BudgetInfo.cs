namespace Synth.Grains.Privacy;

/// <param name="RemainingRho">The largest ρ one more spend without δ′ could have.</param>
/// <param name="SpentDelta">δ′ spent by approximate-zCDP mechanisms (0 when none), out of the total's δ.</param>
[GenerateSerializer, Immutable, Alias("synth.privacy.BudgetInfo")]
public sealed record BudgetInfo(BudgetTotal Total, double SpentRho, double RemainingRho, IReadOnlyList<LedgerEntry> Ledger, double SpentDelta = 0);
