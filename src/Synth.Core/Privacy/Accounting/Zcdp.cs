namespace Synth.Core.Privacy.Accounting;

/// <summary>
/// Conversions of zero-concentrated differential privacy (ρ-zCDP, Bun and Steinke 2016), the
/// currency every Synth mechanism is accounted in: Gaussian measurements and exponential-mechanism
/// selections compose by adding their ρ, and only the total is turned into (ε, δ).
/// </summary>
/// <remarks>
/// (ε, δ) ↔ ρ uses the bound of Canonne, Kamath and Steinke (2020, Proposition 1.3 / the
/// "cdp_delta" of their discrete-Gaussian code, also used by the MST and AIM reference code):
/// δ(ρ, ε) = min over α &gt; 1 of exp((α−1)(αρ−ε) + α·ln(1−1/α)) / (α−1). It is tighter than the
/// classic ε = ρ + 2√(ρ·ln(1/δ)) (about 27% more ρ at ε = 1, δ = 1e-9), and using the same bound
/// as the reference code keeps budgets comparable with published MST/AIM figures.
/// </remarks>
public static class Zcdp
{
    // Bisection halves the interval every step; 200 steps is far below double resolution.
    private const int BisectionSteps = 200;

    /// <summary>
    /// The largest ρ such that ρ-zCDP implies (ε, δ)-DP. ε = ∞ gives ρ = ∞ (no privacy).
    /// </summary>
    public static double RhoFromEpsilon(double epsilon, double delta)
    {
        CheckEpsilon(epsilon);
        CheckDelta(delta);
        if (double.IsPositiveInfinity(epsilon)) return double.PositiveInfinity;
        if (epsilon == 0) return 0;
        // δ(ρ, ε) grows with ρ; at ρ = ε + 1 it is above any useful δ (checked, widened otherwise).
        double low = 0, high = epsilon + 1;
        while (DeltaFromRho(high, epsilon) <= delta && high < 1e300) high *= 2;
        for (var i = 0; i < BisectionSteps; i++)
        {
            var mid = 0.5 * (low + high);
            if (mid <= low || mid >= high) break;
            if (DeltaFromRho(mid, epsilon) <= delta) low = mid;
            else high = mid;
        }
        return low;
    }

    /// <summary>The smallest ε such that ρ-zCDP implies (ε, δ)-DP. ρ = ∞ gives ε = ∞.</summary>
    public static double EpsilonFromRho(double rho, double delta)
    {
        CheckRho(rho);
        CheckDelta(delta);
        if (double.IsPositiveInfinity(rho)) return double.PositiveInfinity;
        if (rho == 0) return 0;
        // The classic bound is an upper bound on the tight ε, so the answer lies below it.
        double low = 0, high = ClassicEpsilon(rho, delta);
        for (var i = 0; i < BisectionSteps; i++)
        {
            var mid = 0.5 * (low + high);
            if (mid <= low || mid >= high) break;
            if (DeltaFromRho(rho, mid) <= delta) high = mid;
            else low = mid;
        }
        return high;
    }

    /// <summary>The δ at which ρ-zCDP implies (ε, δ)-DP (Canonne–Kamath–Steinke), at most 1.</summary>
    public static double DeltaFromRho(double rho, double epsilon)
    {
        CheckRho(rho);
        CheckEpsilon(epsilon);
        if (rho == 0) return 0;
        if (double.IsPositiveInfinity(rho)) return 1;
        if (double.IsPositiveInfinity(epsilon)) return 0;
        // The exponent is convex in α; its derivative (2α−1)ρ − ε + ln(1−1/α) is increasing, so
        // bisect for its root. α below 1.01 only matters when ε ≤ ρ, where δ is large anyway.
        double low = 1.01, high = (epsilon + 1) / (2 * rho) + 2;
        var alpha = low;
        for (var i = 0; i < BisectionSteps; i++)
        {
            alpha = 0.5 * (low + high);
            if (alpha <= low || alpha >= high) break;
            var derivative = (2 * alpha - 1) * rho - epsilon + Math.Log(1 - 1 / alpha);
            if (derivative < 0) low = alpha;
            else high = alpha;
        }
        var delta = Math.Exp((alpha - 1) * (alpha * rho - epsilon) + alpha * Math.Log(1 - 1 / alpha)) / (alpha - 1);
        return Math.Min(delta, 1.0);
    }

    /// <summary>ε = ρ + 2√(ρ·ln(1/δ)) (Bun and Steinke 2016, Proposition 1.3): looser, shown for comparison.</summary>
    public static double ClassicEpsilon(double rho, double delta)
    {
        CheckRho(rho);
        CheckDelta(delta);
        return rho + 2 * Math.Sqrt(rho * Math.Log(1 / delta));
    }

    /// <summary>
    /// Standard deviation of the Gaussian noise that makes a query of L2 sensitivity
    /// <paramref name="sensitivity"/> (1 for a count or a whole marginal under add/remove-one) ρ-zCDP:
    /// σ = Δ / √(2ρ).
    /// </summary>
    public static double GaussianSigma(double rho, double sensitivity = 1.0)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be > 0");
        if (!(sensitivity > 0)) throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "sensitivity must be > 0");
        return sensitivity / Math.Sqrt(2 * rho);
    }

    /// <summary>What a Gaussian measurement with noise σ costs: ρ = Δ² / (2σ²).</summary>
    public static double GaussianRho(double sigma, double sensitivity = 1.0)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be > 0");
        return sensitivity * sensitivity / (2 * sigma * sigma);
    }

    /// <summary>
    /// The ε of an exponential mechanism that costs ρ: ε-DP selection is ε²/8-zCDP
    /// (Cesar and Rogers 2021, bounded range), so ε = √(8ρ).
    /// </summary>
    public static double ExponentialEpsilon(double rho)
    {
        CheckRho(rho);
        return Math.Sqrt(8 * rho);
    }

    /// <summary>What an ε exponential mechanism costs: ρ = ε²/8.</summary>
    public static double ExponentialRho(double epsilon)
    {
        CheckEpsilon(epsilon);
        return epsilon * epsilon / 8;
    }

    private static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0");
    }

    private static void CheckRho(double rho)
    {
        if (!(rho >= 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be >= 0");
    }

    private static void CheckDelta(double delta)
    {
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in (0, 1)");
    }
}
