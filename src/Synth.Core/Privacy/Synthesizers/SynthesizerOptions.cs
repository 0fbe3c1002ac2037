namespace Synth.Core.Privacy.Synthesizers;

/// <summary>Settings of a fit. The defaults are those of the published MST and AIM code.</summary>
public sealed class SynthesizerOptions
{
    /// <summary>
    /// Seed of the fit's noise and selections: the same data, domain, budget and seed give the
    /// same model. Null (default) draws one from the OS's cryptographic source, which is what a
    /// private release should do: a known seed lets anyone who knows it subtract the noise.
    /// </summary>
    public ulong? Seed { get; set; }

    /// <summary>Threads for counting and estimation; −1 (default) uses every core. The model does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    public MstOptions Mst { get; set; } = new();

    public AimOptions Aim { get; set; } = new();

    public PrivSynOptions PrivSyn { get; set; } = new();

    /// <summary>
    /// Where AIM's candidate marginals of large cliques are summed (a GPU through Synth.Gpu); null (default):
    /// the CPU code. Sums on another device differ from the CPU's in the last bits, which can change a
    /// selection: a seed reproduces a model on the same kind of device.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Estimation.IMarginalKernels? Kernels { get; set; }

    /// <summary>Mirror-descent iterations of the independent synthesizer's estimate. Default 1000.</summary>
    public int IndependentIterations { get; set; } = 1000;
}
