namespace Synth.Core.Privacy.Estimation;

/// <summary>How <see cref="MirrorDescentEstimator"/> fits a model.</summary>
public sealed class EstimationOptions
{
    /// <summary>Mirror-descent iterations (each one belief propagation, more when the line search backtracks). Default 1000.</summary>
    public int Iterations { get; set; } = 1000;

    /// <summary>
    /// Stop early once an iteration lowers the loss by less than this fraction of it, for
    /// <see cref="PatienceIterations"/> iterations in a row. 0 (default) runs every iteration.
    /// </summary>
    public double RelativeTolerance { get; set; }

    /// <summary>Consecutive small improvements that stop the descent when <see cref="RelativeTolerance"/> is set. Default 25.</summary>
    public int PatienceIterations { get; set; } = 25;

    /// <summary>Number of rows, when public; null (default) estimates it from the measurements.</summary>
    public double? Total { get; set; }

    /// <summary>Threads for large clique tables; −1 (default) uses every core. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Where a fit's successive estimates get and leave their tables (null: plain allocation).</summary>
    internal TablePool? Pool { get; set; }
}
