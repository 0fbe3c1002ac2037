namespace Synth.Gpu;

/// <summary>Where a fit's heavy loops run: <c>synth fit --device</c>.</summary>
public enum ComputeDevice
{
    /// <summary>A CUDA GPU when one is present, else the CPU code.</summary>
    Auto,

    /// <summary>The CPU code (the default of every fit).</summary>
    Cpu,

    /// <summary>A CUDA GPU; a fit asking for one fails at once, saying so, when none is present.</summary>
    Gpu,
}
