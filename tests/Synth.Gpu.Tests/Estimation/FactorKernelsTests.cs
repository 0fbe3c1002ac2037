using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;
using Synth.Core.Privacy.Synthesizers;
using Synth.Gpu.Estimation;

namespace Synth.Gpu.Tests.Estimation;

/// <summary>
/// The GPU kernels, run on ILGPU's CPU accelerator (no GPU here), against the CPU implementation
/// (<see cref="Factor"/>) on tables shaped like AIM's cliques.
/// </summary>
public sealed class FactorKernelsTests : IDisposable
{
    private static readonly int[] Sizes = [85, 9, 100, 16, 7, 15, 6, 5, 2];
    private readonly GpuAccelerator _gpu = GpuAccelerator.CpuSimulator();

    public void Dispose() => _gpu.Dispose();

    private static Factor Random(AttributeSet attributes, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var values = new double[attributes.Cells(Sizes)];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 10 - 2;
        return new Factor(attributes, Sizes, values);
    }

    public static TheoryData<int[], int[]> Subsets() => new()
    {
        { [0, 2, 4], [0] },
        { [0, 2, 4], [2] },
        { [0, 2, 4], [0, 4] },
        { [1, 3, 5, 8], [3, 8] },
        { [0, 3, 6, 7], [] },
        { [2, 5], [2, 5] },
    };

    [Theory]
    [MemberData(nameof(Subsets))]
    public void Marginalising_on_the_device_gives_the_cpu_sums(int[] clique, int[] keep)
    {
        var table = Random(new AttributeSet(clique), 1);

        var device = _gpu.Kernels.Sum(table, new AttributeSet(keep));
        var cpu = table.Sum(new AttributeSet(keep));

        device.Attributes.Should().Be(cpu.Attributes);
        device.Values.Should().Equal(cpu.Values, (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)));
    }

    [Fact]
    public async Task Sums_asked_from_many_threads_at_once_each_give_the_cpu_sums()
    {
        // AIM scores its candidates on the thread pool; none of those threads created the accelerator.
        var table = Random(new AttributeSet(0, 2, 4), 4);
        AttributeSet[] keeps = [new(0), new(2), new(4), new(0, 2), new(0, 4), new(2, 4), new()];

        var sums = await Task.WhenAll(Enumerable.Range(0, 28).Select(i => Task.Run(() => _gpu.Kernels.Sum(table, keeps[i % keeps.Length]))));

        for (var i = 0; i < sums.Length; i++)
        {
            sums[i].Values.Should().Equal(table.Sum(keeps[i % keeps.Length]).Values, (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)));
        }
    }

    [Theory]
    [MemberData(nameof(Subsets))]
    public void The_factor_product_on_the_device_is_the_cpu_product(int[] clique, int[] subset)
    {
        var table = Random(new AttributeSet(clique), 2);
        var factor = Random(new AttributeSet(subset), 3);

        var device = _gpu.Kernels.Multiply(table, factor);

        device.Values.Should().Equal(Factor.Multiply(table, factor).Values, "each cell is one multiplication, exactly as on the CPU");
    }

    [Theory]
    [MemberData(nameof(Subsets))]
    public void The_mirror_descent_step_on_the_device_is_the_cpu_step(int[] clique, int[] measured)
    {
        var theta = Random(new AttributeSet(clique), 4);
        var gradient = Random(new AttributeSet(measured), 5);
        const double alpha = 1e-3;

        var device = _gpu.Kernels.Step(theta, gradient, alpha);

        var expanded = gradient.Expand(theta.Attributes).Values;
        device.Should().Equal(theta.Values.Select((t, i) => t + -alpha * expanded[i]), "each cell is one multiply-add, as on the CPU");
    }

    [Fact]
    public void A_clique_of_aims_size_at_epsilon_3_marginalises_the_same_on_the_device()
    {
        // 85 · 100 · 16 · 7 · 15 = 14.3M cells would be slow on the simulator; 85 · 100 · 16 · 15 = 2.04M is an AIM clique's size.
        var table = Random(new AttributeSet(0, 2, 3, 5), 6);

        foreach (var keep in new[] { new AttributeSet(0, 2), new AttributeSet(3), new AttributeSet(0, 3, 5) })
        {
            _gpu.Kernels.Sum(table, keep).Values.Should().Equal(table.Sum(keep).Values, (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)));
        }
    }

    [Fact]
    public void Asking_for_the_cpu_gives_no_accelerator_and_auto_falls_back_to_the_cpu_without_a_gpu()
    {
        GpuAccelerator.For(ComputeDevice.Cpu).Should().BeNull();
        using var auto = GpuAccelerator.For(ComputeDevice.Auto);
        if (auto is not null) auto.IsCuda.Should().BeTrue("auto only ever picks a CUDA device");
    }

    [Fact]
    public void Asking_for_a_gpu_where_there_is_none_fails_saying_so()
    {
        using var cuda = GpuAccelerator.TryCuda();
        if (cuda is not null) return; // a machine with a GPU: the GPU check script covers it

        var act = () => GpuAccelerator.For(ComputeDevice.Gpu);

        act.Should().Throw<InvalidOperationException>().WithMessage("no CUDA GPU is present*");
    }
}
