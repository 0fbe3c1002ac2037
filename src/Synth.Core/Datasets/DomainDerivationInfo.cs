namespace Synth.Core.Datasets;

/// <summary>
/// How a domain was derived from the data with differential privacy (<see cref="PrivateDomainDerivation"/>):
/// what it cost, so anyone reading the domain (or a model that carries it) sees that its bounds and
/// categories are a private release and not the data's own.
/// </summary>
/// <param name="Epsilon">ε of the derivation, at <paramref name="Delta"/> (plus δ′).</param>
/// <param name="Delta">The δ at which <paramref name="Epsilon"/> holds for the zCDP part.</param>
/// <param name="Rho">ρ (zCDP) of the derivation.</param>
/// <param name="ThresholdDelta">δ′ of the thresholded category counts: the whole derivation is (ε, δ + δ′)-DP.</param>
/// <param name="At">When it was derived.</param>
public sealed record DomainDerivationInfo(double Epsilon, double Delta, double Rho, double ThresholdDelta, DateTimeOffset At);
