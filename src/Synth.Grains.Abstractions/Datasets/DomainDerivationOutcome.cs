using Synth.Core.Datasets;
using Synth.Grains.Privacy;

namespace Synth.Grains.Datasets;

/// <summary>
/// How a private domain derivation ended: derived (<see cref="Domain"/> is the new draft, the spend
/// recorded) or refused by the budget (<see cref="Refusal"/> says why; nothing was recorded).
/// </summary>
/// <param name="SpendId">The ledger entry of the spend; null when refused.</param>
/// <param name="Budget">The budget after the derivation (or as it stood when refused).</param>
[GenerateSerializer, Immutable, Alias("synth.datasets.DomainDerivationOutcome")]
public sealed record DomainDerivationOutcome(
    DomainSpec? Domain,
    Guid? SpendId,
    double Epsilon,
    double Rho,
    double ThresholdDelta,
    IReadOnlyList<DomainDerivationSpend> Mechanisms,
    BudgetInfo Budget,
    string? Refusal);
