namespace Synth.Core.Privacy.Synthesizers;

/// <summary>Settings of <see cref="AimSynthesizer"/>.</summary>
public sealed class AimOptions
{
    /// <summary>
    /// Largest model (Σ clique cells · 8 bytes) a selection may grow to, in MiB. Default 10 (the
    /// reference code's 80 lets AIM at high ε grow a ~2.8M-cell model whose rounds take minutes, for
    /// no better 2-way marginals on Adult; see docs/privacy.md).
    /// </summary>
    public double MaxModelSizeMb { get; set; } = 10;

    /// <summary>
    /// Planned rounds T: each gets ρ/T at the start (0.9 of it for the measurement, 0.1 for the
    /// selection). Null (default): 16 per attribute. For the non-private mode: the rounds run (default: one per attribute).
    /// </summary>
    public int? Rounds { get; set; }

    /// <summary>Workload: every attribute set of this size (2 or 3). Default 2.</summary>
    public int Degree { get; set; } = 2;

    /// <summary>Workload sets with more cells than this are left out. Default 10,000.</summary>
    public int MaxCells { get; set; } = 10_000;

    /// <summary>Mirror-descent iterations after each round (warm-started). Default 1000.</summary>
    public int RoundIterations { get; set; } = 1000;

    /// <summary>Mirror-descent iterations of the final estimate. Default 1000.</summary>
    public int FinalIterations { get; set; } = 1000;

    /// <summary>
    /// Stop a round's descent early once it improves the loss by less than this fraction for 25
    /// iterations in a row (the final estimate always runs in full). Default 1e-4: a warm-started
    /// round converges in a fraction of its iterations; 0 runs every iteration, as the reference code.
    /// </summary>
    public double RoundTolerance { get; set; } = 1e-4;
}
