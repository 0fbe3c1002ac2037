namespace Synth.Core.Privacy.Mechanisms;

/// <summary>
/// Picks one candidate with probability ∝ exp(ε·q / (2Δ)), where q is its quality and Δ the
/// sensitivity of q. That is ε-DP, and ε²/8-zCDP (charged by the caller).
/// </summary>
public static class ExponentialMechanism
{
    /// <summary>
    /// The index of the chosen candidate. ε = ∞ chooses the best (the first best on ties), which is
    /// how the non-private mode selects.
    /// </summary>
    public static int Select(ReadOnlySpan<double> qualities, double epsilon, double sensitivity, PrivateRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (qualities.IsEmpty) throw new ArgumentException("no candidates to select from", nameof(qualities));
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0");
        if (!(sensitivity > 0)) throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "sensitivity must be > 0");
        var best = 0;
        for (var i = 1; i < qualities.Length; i++)
        {
            if (qualities[i] > qualities[best]) best = i;
        }
        if (double.IsPositiveInfinity(epsilon)) return best;

        // Shift by the maximum so the largest weight is exp(0) = 1 and nothing overflows.
        var scale = 0.5 * epsilon / sensitivity;
        var max = qualities[best];
        var weights = new double[qualities.Length];
        var total = 0.0;
        for (var i = 0; i < qualities.Length; i++)
        {
            weights[i] = Math.Exp(scale * (qualities[i] - max));
            total += weights[i];
        }
        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (target < cumulative) return i;
        }
        return best;
    }
}
