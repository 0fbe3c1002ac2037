using Synth.Core.Privacy.Accounting;
using Synth.Grains.Privacy;

namespace Synth.Api.Datasets;

/// <summary>A dataset's privacy budget as users read it: ε and ρ, spent and remaining, and the ledger.</summary>
/// <param name="SpentEpsilon">ε of everything spent so far, composed under zCDP, at <paramref name="Delta"/> (less the δ′ spent).</param>
/// <param name="RemainingEpsilon">The largest ε one more spend could have, at <paramref name="Delta"/>.</param>
/// <param name="SpentDelta">δ′ spent by approximate-zCDP mechanisms (private domain derivations), out of <paramref name="Delta"/>.</param>
public sealed record DatasetBudget(
    double Epsilon,
    double Delta,
    double Rho,
    double SpentRho,
    double RemainingRho,
    double SpentEpsilon,
    double RemainingEpsilon,
    IReadOnlyList<LedgerEntry> Ledger,
    double SpentDelta)
{
    public static DatasetBudget Of(BudgetInfo info) => new(
        info.Total.Epsilon,
        info.Total.Delta,
        info.Total.Rho,
        info.SpentRho,
        info.RemainingRho,
        info.SpentRho <= 0 ? 0 : Zcdp.EpsilonFromRho(info.SpentRho, info.SpentDelta > 0 ? info.Total.Delta - info.SpentDelta : info.Total.Delta),
        info.RemainingRho <= 0 ? 0 : Zcdp.EpsilonFromRho(info.RemainingRho, info.Total.Delta),
        info.Ledger,
        info.SpentDelta);
}
