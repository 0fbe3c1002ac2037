namespace Synth.Core.Privacy.Synthesizers;

/// <summary>Settings of <see cref="PrivSynSynthesizer"/>. Defaults follow the paper.</summary>
public sealed class PrivSynOptions
{
    /// <summary>Share of ρ spent on the noisy dependency scores (InDif) that choose the 2-way marginals. Default 0.1.</summary>
    public double SelectionShare { get; set; } = 0.1;

    /// <summary>Rounds of the consistency post-processing (shared attributes agree, counts non-negative). Default 10.</summary>
    public int ConsistencyRounds { get; set; } = 10;

    /// <summary>Passes of the gradual update (GUM) over every marginal when sampling. Default 40.</summary>
    public int UpdateIterations { get; set; } = 40;
}
