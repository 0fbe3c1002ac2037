using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// A released measurement: y = Q·x + N(0, σ²) per entry, where x is the marginal over
/// <see cref="Attributes"/> and Q is diagonal (<see cref="Weights"/>; null means the identity).
/// The diagonal form covers MST's compressed measurements, whose merged "rare values" cell is a
/// scaled sum. Noise-free measurements (the non-private mode) use σ = 1 and exact values.
/// </summary>
public sealed class NoisyMeasurement
{
    public NoisyMeasurement(AttributeSet attributes, double[] values, double sigma, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(values);
        if (!(sigma > 0) || double.IsInfinity(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be > 0 and finite");
        if (weights is not null && weights.Length != values.Length) throw new ArgumentException($"{weights.Length} weights for {values.Length} values", nameof(weights));
        Attributes = attributes;
        Values = values;
        Sigma = sigma;
        Weights = weights;
    }

    public AttributeSet Attributes { get; }

    /// <summary>The noisy answers y, one per cell of the marginal (row-major, ascending attributes).</summary>
    public double[] Values { get; }

    /// <summary>Standard deviation of the noise on each entry of <see cref="Values"/>.</summary>
    public double Sigma { get; }

    /// <summary>The diagonal of Q, or null for the identity.</summary>
    public double[]? Weights { get; }

    /// <summary>
    /// This measurement's unbiased estimate of the number of rows (Σ y/q) and that estimate's
    /// variance (σ²·Σ 1/q²); the estimator combines them by inverse variance.
    /// </summary>
    public (double Estimate, double Variance) TotalEstimate()
    {
        double estimate = 0, inverseSquares = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            var q = Weights?[i] ?? 1.0;
            estimate += Values[i] / q;
            inverseSquares += 1 / (q * q);
        }
        return (estimate, Sigma * Sigma * inverseSquares);
    }
}
