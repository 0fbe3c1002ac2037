namespace Synth.Core.Datasets;

/// <summary>
/// A domain derived with differential privacy, and what it cost: releasing <see cref="Domain"/> is
/// (<see cref="Rho"/>, <see cref="ThresholdDelta"/>)-approximate zCDP, hence (ε, δ + δ′)-DP for
/// every ε, δ that ρ-zCDP gives.
/// </summary>
/// <param name="Spends">One entry per mechanism use, in the order they ran; their ρ add up to <paramref name="Rho"/>.</param>
public sealed record PrivateDomain(DomainSpec Domain, IReadOnlyList<DomainDerivationSpend> Spends, double Rho, double ThresholdDelta);

/// <param name="Mechanism"><see cref="DomainDerivationSpend.Quantile"/>, <see cref="DomainDerivationSpend.ThresholdedCounts"/> or <see cref="DomainDerivationSpend.NoisyMax"/>.</param>
/// <param name="Rho">ρ of this use alone.</param>
/// <param name="ThresholdDelta">δ′ of this use (thresholded counts only; 0 for quantiles).</param>
/// <param name="Purpose">What was released, for people ("age: 1% quantile").</param>
public sealed record DomainDerivationSpend(string Column, string Mechanism, double Rho, double ThresholdDelta, string Purpose)
{
    /// <summary>A quantile by the exponential mechanism.</summary>
    public const string Quantile = "dp-quantile";

    /// <summary>Categories by Gaussian noisy counts above a threshold.</summary>
    public const string ThresholdedCounts = "dp-thresholded-counts";

    /// <summary>A column's form (decimals, datetime format) by Gaussian noisy counts over public candidates, the largest taken.</summary>
    public const string NoisyMax = "dp-noisy-max";
}
