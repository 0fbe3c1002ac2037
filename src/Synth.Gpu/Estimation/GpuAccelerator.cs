using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Synth.Core.Privacy.Synthesizers;

namespace Synth.Gpu.Estimation;

/// <summary>
/// An ILGPU context and accelerator: the first CUDA device, or (for tests, and for machines
/// without a GPU that ask for the GPU code path anyway) ILGPU's CPU accelerator, which runs the
/// same kernels on the CPU. Disposing it frees the device.
/// </summary>
public sealed class GpuAccelerator : IDisposable
{
    private readonly Context _context;

    private GpuAccelerator(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
        Kernels = new FactorKernels(accelerator);
    }

    public Accelerator Accelerator { get; }

    /// <summary>The device's name, e.g. "NVIDIA H200" or "CPUAccelerator".</summary>
    public string Name => Accelerator.Name;

    /// <summary>Whether this is a CUDA GPU (not ILGPU's CPU accelerator).</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    public FactorKernels Kernels { get; }

    /// <summary>The first CUDA device, or null when there is none (no NVIDIA driver or GPU).</summary>
    public static GpuAccelerator? TryCuda()
    {
        var context = Context.Create(builder => builder.Cuda());
        var devices = context.GetCudaDevices();
        if (devices.Count == 0)
        {
            context.Dispose();
            return null;
        }
        return new GpuAccelerator(context, devices[0].CreateAccelerator(context));
    }

    /// <summary>ILGPU's CPU accelerator: the GPU kernels, run on CPU threads (tests; no GPU needed).</summary>
    public static GpuAccelerator CpuSimulator()
    {
        var context = Context.Create(builder => builder.CPU());
        return new GpuAccelerator(context, context.GetCPUDevice(0).CreateAccelerator(context));
    }

    /// <summary>
    /// The accelerator <paramref name="device"/> asks for: CUDA for Gpu (or an
    /// <see cref="InvalidOperationException"/> saying none is present), CUDA or null for Auto, null for Cpu.
    /// </summary>
    public static GpuAccelerator? For(ComputeDevice device) => device switch
    {
        ComputeDevice.Cpu => null,
        ComputeDevice.Auto => TryCuda(),
        _ => TryCuda() ?? throw new InvalidOperationException("no CUDA GPU is present (ILGPU found no CUDA device: no NVIDIA GPU or driver on this machine)"),
    };

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
