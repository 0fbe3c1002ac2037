namespace Synth.Core.Privacy.Synthesizers;

/// <summary>Settings of <see cref="MstSynthesizer"/>.</summary>
public sealed class MstOptions
{
    /// <summary>
    /// Merge each attribute's values whose noisy count is below 3σ into one "rare" value before
    /// the 2-way measurements (drawn back uniformly among them when sampling). Default true.
    /// </summary>
    public bool CompressDomain { get; set; } = true;

    /// <summary>Mirror-descent iterations of the 1-way estimate the tree selection scores against. Default 1000.</summary>
    public int SelectionIterations { get; set; } = 1000;

    /// <summary>Mirror-descent iterations of the final estimate. Default 5000.</summary>
    public int FinalIterations { get; set; } = 5000;

    /// <summary>
    /// Stop a descent early once it improves the loss by less than this fraction for 25
    /// iterations in a row. Default 0: run every iteration, as the reference code does.
    /// </summary>
    public double RelativeTolerance { get; set; }
}
