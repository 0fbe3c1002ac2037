namespace Synth.Grains.Privacy;

/// <param name="Epsilon">The total ε the owner set, at <paramref name="Delta"/>.</param>
/// <param name="Rho">The same budget as zCDP ρ (the tightest ρ whose (ε, δ) guarantee is within the total).</param>
[GenerateSerializer, Immutable, Alias("synth.privacy.BudgetTotal")]
public sealed record BudgetTotal(double Epsilon, double Delta, double Rho);
