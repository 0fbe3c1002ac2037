using System.Globalization;

namespace Synth.Core.Privacy.Accounting;

/// <summary>
/// An amount of privacy loss, held as ρ (zCDP) because that is what mechanisms add up. Built from
/// the (ε, δ) users think in, or from ρ directly; <see cref="Infinite"/> means no privacy at all
/// (exact measurements, for realistic copies of non-sensitive data).
/// </summary>
public sealed record PrivacyBudget
{
    private PrivacyBudget(double rho, double? epsilon, double? delta)
    {
        Rho = rho;
        Epsilon = epsilon;
        Delta = delta;
    }

    /// <summary>No privacy: mechanisms measure exactly and select greedily.</summary>
    public static PrivacyBudget Infinite { get; } = new(double.PositiveInfinity, double.PositiveInfinity, null);

    /// <summary>ρ of zero-concentrated DP. <see cref="double.PositiveInfinity"/> for <see cref="Infinite"/>.</summary>
    public double Rho { get; }

    /// <summary>The ε this budget was made from, if it was made from (ε, δ).</summary>
    public double? Epsilon { get; }

    /// <summary>The δ this budget was made from, if it was made from (ε, δ).</summary>
    public double? Delta { get; }

    public bool IsInfinite => double.IsPositiveInfinity(Rho);

    /// <summary>The largest ρ whose guarantee is (ε, δ)-DP (see <see cref="Zcdp.RhoFromEpsilon"/>).</summary>
    public static PrivacyBudget FromEpsilon(double epsilon, double delta)
    {
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be > 0");
        return new PrivacyBudget(Zcdp.RhoFromEpsilon(epsilon, delta), epsilon, delta);
    }

    public static PrivacyBudget FromRho(double rho)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be > 0");
        return new PrivacyBudget(rho, null, null);
    }

    /// <summary>The ε this budget guarantees at <paramref name="delta"/>.</summary>
    public double EpsilonAt(double delta) => Zcdp.EpsilonFromRho(Rho, delta);

    public override string ToString() => IsInfinite
        ? "no privacy (epsilon = infinity)"
        : Epsilon is { } e && Delta is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"epsilon {e:G4}, delta {d:G3} (rho {Rho:G6})")
            : string.Create(CultureInfo.InvariantCulture, $"rho {Rho:G6}");
}
