namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Writes clique potentials just before belief propagation reads them, chunk by chunk, so that
/// computing a potential (mirror descent's θ − α·∇) and building its belief share one pass over the
/// table while the chunk is in cache, instead of a pass each.
/// </summary>
internal interface IPotentialWriter
{
    /// <summary>Fills cells [start, end) of clique <paramref name="clique"/>'s potential. Called once per cell per run, possibly from several threads on disjoint ranges.</summary>
    void Write(int clique, int start, int end);
}
