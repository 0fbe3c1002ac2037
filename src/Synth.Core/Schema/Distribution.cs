namespace Synth.Core.Schema;

/// <summary>Shape of a numeric field's values. Every one is sampled by its inverse CDF, which is what lets a Gaussian copula correlate any of them.</summary>
public enum Distribution
{
    Uniform,
    Normal,
    Lognormal,
    Exponential,
    Poisson,
    Zipf,
}
