namespace Synth.Core.Privacy.Mechanisms;

/// <summary>
/// Adds independent N(0, σ²) noise to every cell of a count vector. A marginal has L2 sensitivity 1
/// under adding or removing one row, so this costs ρ = 1/(2σ²) (charged by the caller).
/// </summary>
public static class GaussianMechanism
{
    /// <summary>A noisy copy of <paramref name="counts"/>; σ = 0 returns an exact copy.</summary>
    public static double[] Measure(ReadOnlySpan<double> counts, double sigma, PrivateRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(sigma >= 0) || double.IsInfinity(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be >= 0 and finite");
        var noisy = counts.ToArray();
        if (sigma == 0) return noisy;
        for (var i = 0; i < noisy.Length; i++) noisy[i] += sigma * random.NextGaussian();
        return noisy;
    }
}
