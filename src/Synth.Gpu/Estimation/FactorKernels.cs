using ILGPU;
using ILGPU.Runtime;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Gpu.Estimation;

/// <summary>
/// The inner loops of Private-PGM style estimation as ILGPU kernels: marginalisation (a clique table
/// summed onto a subset of its attributes), the factor product (a table times a table over a subset,
/// broadcast) and the mirror-descent update θ' = θ − α·∇ (the gradient over a measured subset,
/// broadcast over the clique). Tables are row-major over ascending attribute indices, as
/// <see cref="Factor"/>'s. Each output cell is computed by one thread, summing in a fixed order, so a
/// result never depends on scheduling; it equals the CPU code's up to the order of floating-point sums.
/// </summary>
public sealed class FactorKernels : IMarginalKernels
{
    private const int MaxAxes = 32;

    // One launch at a time on the accelerator's default stream (candidates are scored in parallel).
    // Each call binds the accelerator to its thread first: a CUDA context is current per thread, and
    // calls come from the fit's thread and the thread pool, never the thread that created it (without
    // the binding, copies back fail with "invalid device context", ILGPU issue 705).
    private readonly Lock _gate = new();

    private readonly Accelerator _accelerator;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int, double, int> _broadcast;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int, int, int> _marginalise;

    public FactorKernels(Accelerator accelerator)
    {
        _accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        _broadcast = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int, double, int>(BroadcastKernel);
        _marginalise = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int, int, int>(MarginaliseKernel);
    }

    /// <summary>Cliques of at least 64K cells (512 KB) are summed on the device. </summary>
    public long MinCells => 1 << 16;

    /// <summary><paramref name="table"/> summed onto <paramref name="keep"/> (a subset of its attributes).</summary>
    public Factor Sum(Factor table, AttributeSet keep)
    {
        lock (_gate)
        {
            _accelerator.Bind();
            return SumLocked(table, keep);
        }
    }

    private Factor SumLocked(Factor table, AttributeSet keep)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keep);
        if (!keep.IsSubsetOf(table.Attributes)) throw new ArgumentException($"{keep} is not a subset of {table.Attributes}", nameof(keep));
        var shape = table.Shape.ToArray();
        var strides = Strides(shape);
        var kept = new List<int>();
        var summed = new List<int>();
        for (var axis = 0; axis < shape.Length; axis++) (keep.Contains(table.Attributes[axis]) ? kept : summed).Add(axis);
        // Per axis (kept ones first, then summed ones): its size and its stride in the table.
        var axes = kept.Concat(summed).ToArray();
        var sizes = axes.Select(a => shape[a]).ToArray();
        var steps = axes.Select(a => strides[a]).ToArray();
        var result = new double[keep.Cells(table.DomainSizes)];
        var inner = summed.Aggregate(1, (p, a) => p * shape[a]);
        using var input = _accelerator.Allocate1D(table.Values);
        using var output = _accelerator.Allocate1D<double>(result.Length);
        using var sizeView = _accelerator.Allocate1D(Padded(sizes));
        using var stepView = _accelerator.Allocate1D(Padded(steps));
        _marginalise(result.Length, input.View, output.View, sizeView.View, stepView.View, kept.Count, axes.Length, inner);
        _accelerator.Synchronize();
        output.CopyToCPU(result);
        return new Factor(keep, table.DomainSizes, result);
    }

    /// <summary>The product of <paramref name="table"/> and <paramref name="factor"/> (over a subset of its attributes), broadcast.</summary>
    public Factor Multiply(Factor table, Factor factor)
    {
        lock (_gate)
        {
            _accelerator.Bind();
            return new(table.Attributes, table.DomainSizes, Broadcast(table, factor, 0, mode: 0));
        }
    }

    /// <summary>The mirror-descent update θ − α·∇ of a clique's log-potentials, ∇ given over a subset and broadcast.</summary>
    public double[] Step(Factor theta, Factor gradient, double alpha)
    {
        lock (_gate)
        {
            _accelerator.Bind();
            return Broadcast(theta, gradient, -alpha, mode: 1);
        }
    }

    private double[] Broadcast(Factor table, Factor small, double alpha, int mode)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(small);
        if (!small.Attributes.IsSubsetOf(table.Attributes)) throw new ArgumentException($"{small.Attributes} is not a subset of {table.Attributes}", nameof(small));
        var shape = table.Shape.ToArray();
        var smallStrides = Strides(small.Shape.ToArray());
        // Per axis of the table: its stride in the small table, 0 where the small table has no such axis.
        var steps = new int[shape.Length];
        for (var axis = 0; axis < shape.Length; axis++)
        {
            var position = small.Attributes.Indices.IndexOf(table.Attributes[axis]);
            steps[axis] = position < 0 ? 0 : smallStrides[position];
        }
        var result = new double[table.Values.Length];
        using var input = _accelerator.Allocate1D(table.Values);
        using var smallView = _accelerator.Allocate1D(small.Values.Length == 0 ? [0.0] : small.Values);
        using var output = _accelerator.Allocate1D<double>(result.Length);
        using var sizeView = _accelerator.Allocate1D(Padded(shape));
        using var stepView = _accelerator.Allocate1D(Padded(steps));
        _broadcast(result.Length, input.View, smallView.View, output.View, sizeView.View, stepView.View, shape.Length, alpha, mode);
        _accelerator.Synchronize();
        output.CopyToCPU(result);
        return result;
    }

    // One thread per table cell: its coordinates (last axis fastest) give its cell in the small table.
    private static void BroadcastKernel(Index1D cell, ArrayView<double> table, ArrayView<double> small, ArrayView<double> output,
        ArrayView<int> sizes, ArrayView<int> steps, int axes, double alpha, int mode)
    {
        long rest = cell;
        long index = 0;
        for (var axis = axes - 1; axis >= 0; axis--)
        {
            var size = sizes[axis];
            index += rest % size * steps[axis];
            rest /= size;
        }
        output[cell] = mode == 0 ? table[cell] * small[index] : table[cell] + alpha * small[index];
    }

    // One thread per kept cell: its kept coordinates give a base offset; the summed-out cells are
    // walked in row-major order from there.
    private static void MarginaliseKernel(Index1D cell, ArrayView<double> table, ArrayView<double> output,
        ArrayView<int> sizes, ArrayView<int> steps, int keptAxes, int axes, int inner)
    {
        long rest = cell;
        long start = 0;
        for (var axis = keptAxes - 1; axis >= 0; axis--)
        {
            var size = sizes[axis];
            start += rest % size * steps[axis];
            rest /= size;
        }
        var sum = 0.0;
        for (var j = 0; j < inner; j++)
        {
            long r = j;
            long offset = start;
            for (var axis = axes - 1; axis >= keptAxes; axis--)
            {
                var size = sizes[axis];
                offset += r % size * steps[axis];
                r /= size;
            }
            sum += table[offset];
        }
        output[cell] = sum;
    }

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        return strides;
    }

    // A device buffer may not be empty (a table with no axes is one cell).
    private static int[] Padded(int[] values)
    {
        if (values.Length > MaxAxes) throw new ArgumentException($"tables of more than {MaxAxes} attributes are not supported");
        return values.Length == 0 ? [1] : values;
    }
}
