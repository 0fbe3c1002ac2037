namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// Where a fit's heavy loops run (<c>synth fit --device</c>, a fit request's <c>device</c>): the
/// CPU code, or the marginal kernels of Synth.Gpu on a CUDA GPU (<see cref="SynthesizerOptions.Kernels"/>).
/// <see cref="ComputeDevices"/> reads and names the values.
/// </summary>
public enum ComputeDevice
{
    /// <summary>A CUDA GPU when one is present, else the CPU code.</summary>
    Auto,

    /// <summary>The CPU code (the default of every fit).</summary>
    Cpu,

    /// <summary>A CUDA GPU. Locally a fit asking for one fails at once when none is present; in a cluster the fit job goes to a silo tagged <see cref="ComputeDevices.GpuTag"/>.</summary>
    Gpu,
}
