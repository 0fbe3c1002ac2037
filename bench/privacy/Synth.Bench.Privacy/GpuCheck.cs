using System.Diagnostics;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;
using Synth.Gpu.Estimation;

namespace Synth.Bench.Privacy;

/// <summary>
/// The GPU check of bench/gpu/check.sh: every kernel against the CPU code on tables of AIM's sizes on
/// Adult (up to a 2M-cell clique), the largest relative difference, and the time of each on both.
/// Exit code 1 when a difference exceeds 1e-9 (relative) or no GPU is there to check.
/// </summary>
internal static class GpuCheck
{
    private static readonly int[] Sizes = [85, 9, 100, 16, 7, 15, 6, 5, 2, 100, 100, 99, 42, 2];

    public static int Run(bool simulate)
    {
        using var gpu = simulate ? GpuAccelerator.CpuSimulator() : GpuAccelerator.TryCuda();
        if (gpu is null)
        {
            Console.WriteLine("no CUDA GPU here: the GPU check needs one (or --simulate for ILGPU's CPU accelerator)");
            return 1;
        }
        Console.WriteLine($"device: {gpu.Name} ({(gpu.IsCuda ? "CUDA" : "ILGPU CPU accelerator")})");
        var worst = 0.0;
        var cases = new (int[] Clique, int[] Keep)[]
        {
            ([0, 2, 11], [0]), ([0, 2, 11], [2, 11]), ([0, 2, 3, 5], [0, 3]), ([0, 2, 3, 5], [5]), ([0, 9, 11], [0, 11]), ([2, 9, 10], []),
        };
        Console.WriteLine("kernel      clique cells  subset            cpu ms    gpu ms  max rel diff");
        foreach (var (clique, keep) in cases)
        {
            var table = Random(new AttributeSet(clique), 1);
            var subset = new AttributeSet(keep);
            var small = Random(subset, 2);
            worst = Math.Max(worst, Compare("sum", table, subset, () => table.Sum(subset).Values, () => gpu.Kernels.Sum(table, subset).Values));
            worst = Math.Max(worst, Compare("product", table, subset, () => Factor.Multiply(table, small).Values, () => gpu.Kernels.Multiply(table, small).Values));
            var expanded = small.Expand(table.Attributes).Values;
            worst = Math.Max(worst, Compare("step", table, subset, () => table.Values.Select((t, i) => t + -1e-3 * expanded[i]).ToArray(), () => gpu.Kernels.Step(table, small, 1e-3)));
        }
        Console.WriteLine($"largest relative difference: {worst:G3} ({(worst <= 1e-9 ? "ok" : "TOO LARGE")})");
        return worst <= 1e-9 ? 0 : 1;
    }

    private static double Compare(string kernel, Factor table, AttributeSet subset, Func<double[]> cpu, Func<double[]> gpu)
    {
        gpu(); // compiles the kernel once
        var clock = Stopwatch.StartNew();
        var expected = cpu();
        var cpuMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var actual = gpu();
        var gpuMs = clock.Elapsed.TotalMilliseconds;
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i])));
        if (actual.Length != expected.Length) worst = double.PositiveInfinity;
        Console.WriteLine($"{kernel,-8} {table.Values.Length,15:N0}  {subset,-15} {cpuMs,9:F2} {gpuMs,9:F2}  {worst,12:G3}");
        return worst;
    }

    private static Factor Random(AttributeSet attributes, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var values = new double[attributes.Cells(Sizes)];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 10 - 2;
        return new Factor(attributes, Sizes, values);
    }
}
