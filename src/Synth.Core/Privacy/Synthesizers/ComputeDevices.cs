namespace Synth.Core.Privacy.Synthesizers;

/// <summary>The names of <see cref="ComputeDevice"/> (cpu, gpu, auto), and which methods a device changes.</summary>
public static class ComputeDevices
{
    /// <summary>The silo tag of machines with a GPU: a fit asking for <see cref="ComputeDevice.Gpu"/> requires it.</summary>
    public const string GpuTag = "gpu";

    /// <summary>The accepted names, for messages.</summary>
    public const string Names = "cpu, gpu or auto";

    /// <summary><paramref name="text"/> as a device: cpu, gpu or auto, in any case (numbers are not names).</summary>
    public static bool TryParse(string? text, out ComputeDevice device)
    {
        device = ComputeDevice.Cpu;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "cpu":
                return true;
            case "gpu":
                device = ComputeDevice.Gpu;
                return true;
            case "auto":
                device = ComputeDevice.Auto;
                return true;
            default:
                return false;
        }
    }

    /// <summary>cpu, gpu or auto.</summary>
    public static string Name(ComputeDevice device) => device switch
    {
        ComputeDevice.Gpu => "gpu",
        ComputeDevice.Auto => "auto",
        _ => "cpu",
    };

    /// <summary>
    /// Whether <paramref name="method"/> (a registry name) runs anything through the kernels: AIM and
    /// the non-private mode sum their candidate marginals there; the other methods never would.
    /// </summary>
    public static bool Accelerates(string method) => method is "aim" or "nonprivate";
}
