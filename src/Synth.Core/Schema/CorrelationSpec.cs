namespace Synth.Core.Schema;

/// <summary>Numeric fields tied by a Gaussian copula with this correlation matrix; each keeps its own marginal.</summary>
public sealed class CorrelationSpec(string path, IReadOnlyList<string> fields, double[,] matrix)
{
    public string Path { get; } = path;

    public IReadOnlyList<string> Fields { get; } = fields;

    public double[,] Matrix { get; } = matrix;
}
