using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Marginalisation run elsewhere than the CPU code, such as a GPU (Synth.Gpu): AIM sums its model's
/// cliques onto every candidate marginal each round, a pass over megabytes of cells per candidate once
/// the model is large. Implementations must be thread-safe (candidates are scored in parallel).
/// </summary>
public interface IMarginalKernels
{
    /// <summary>Tables with fewer cells than this stay on the CPU (moving them costs more than it saves).</summary>
    long MinCells { get; }

    /// <summary><paramref name="table"/> summed onto <paramref name="keep"/>, a subset of its attributes.</summary>
    Factor Sum(Factor table, AttributeSet keep);
}
