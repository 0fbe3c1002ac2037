using Synth.Core.Datasets;

namespace Synth.Api.Datasets;

/// <summary>
/// Answer of <c>POST /datasets/{id}/domain/derivations</c>: the derived domain (now the draft the owner
/// reviews and confirms with <c>PUT /datasets/{id}/domain</c>), what was spent, and the budget after it.
/// </summary>
public sealed record DomainDerived(DomainSpec Domain, DomainDerivationCost Spend, DatasetBudget Budget);

/// <param name="SpendId">The ledger entry of the spend.</param>
/// <param name="Epsilon">ε spent, at <paramref name="Delta"/> (the budget's δ), plus <paramref name="ThresholdDelta"/>.</param>
/// <param name="Mechanisms">Each mechanism use, per column, with its share of ρ and δ′.</param>
public sealed record DomainDerivationCost(Guid SpendId, double Epsilon, double Delta, double Rho, double ThresholdDelta, IReadOnlyList<DomainDerivationSpend> Mechanisms);
