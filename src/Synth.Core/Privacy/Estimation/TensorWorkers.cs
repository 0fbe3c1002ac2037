using System.Numerics.Tensors;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Elementwise kernels over large clique tables, spread over threads in fixed-size chunks. The
/// chunking never depends on the thread count, and reductions combine chunk results in chunk
/// order, so results are bit-identical whether one thread or many ran them.
/// </summary>
internal sealed class TensorWorkers
{
    // Tables up to this size are done on the calling thread: a hand-off costs more than it saves.
    private const int Chunk = 1 << 15;

    private readonly ParallelOptions _options;
    private readonly bool _parallel;

    public TensorWorkers(int maxDegreeOfParallelism)
    {
        var threads = maxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        _parallel = threads > 1;
    }

    public int MaxDegreeOfParallelism => _options.MaxDegreeOfParallelism;

    public ParallelOptions Options => _options;

    public double Max(double[] values)
    {
        if (values.Length <= Chunk) return TensorPrimitives.Max<double>(values);
        var partial = new double[Chunks(values.Length)];
        For(values.Length, (c, start, length) => partial[c] = TensorPrimitives.Max<double>(values.AsSpan(start, length)));
        return TensorPrimitives.Max<double>(partial);
    }

    /// <summary>Σ values[0 .. length).</summary>
    public double Sum(double[] values, int length)
    {
        if (length <= Chunk) return TensorPrimitives.Sum<double>(values.AsSpan(0, length));
        var partial = new double[Chunks(length)];
        For(length, (c, start, count) => partial[c] = TensorPrimitives.Sum<double>(values.AsSpan(start, count)));
        // Chunk sums added in chunk order: the same grouping on any thread count.
        var total = 0.0;
        foreach (var p in partial) total += p;
        return total;
    }

    /// <summary>target[i] = exp(values[i] − shift) for every i of <paramref name="values"/>.</summary>
    public void ExpShifted(double[] values, double shift, double[] target)
    {
        if (values.Length <= Chunk)
        {
            var t = target.AsSpan(0, values.Length);
            TensorPrimitives.Subtract(values, shift, t);
            TensorPrimitives.Exp(t, t);
            return;
        }
        For(values.Length, (_, start, length) =>
        {
            var t = target.AsSpan(start, length);
            TensorPrimitives.Subtract(values.AsSpan(start, length), shift, t);
            TensorPrimitives.Exp(t, t);
        });
    }

    /// <summary>target[i] = values[i] · factor for i &lt; target.Length.</summary>
    public void Scale(double[] values, double factor, double[] target)
    {
        if (target.Length <= Chunk)
        {
            TensorPrimitives.Multiply(values.AsSpan(0, target.Length), factor, target);
            return;
        }
        For(target.Length, (_, start, length) =>
            TensorPrimitives.Multiply(values.AsSpan(start, length), factor, target.AsSpan(start, length)));
    }

    /// <summary>target = x · factor + addend, elementwise.</summary>
    public void MultiplyAdd(double[] x, double factor, double[] addend, double[] target)
    {
        if (target.Length <= Chunk)
        {
            TensorPrimitives.MultiplyAdd(x, factor, addend, target);
            return;
        }
        For(target.Length, (_, start, length) =>
            TensorPrimitives.MultiplyAdd(x.AsSpan(start, length), factor, addend.AsSpan(start, length), target.AsSpan(start, length)));
    }

    /// <summary>Runs body(0..count−1), on several threads when allowed.</summary>
    public void ForEach(int count, Action<int> body)
    {
        if (!_parallel || count == 1)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, _options, body);
    }

    private static int Chunks(int length) => (length + Chunk - 1) / Chunk;

    private void For(int length, Action<int, int, int> body)
    {
        var chunks = Chunks(length);
        if (!_parallel || chunks == 1)
        {
            for (var c = 0; c < chunks; c++) body(c, c * Chunk, Math.Min(Chunk, length - c * Chunk));
            return;
        }
        Parallel.For(0, chunks, _options, c => body(c, c * Chunk, Math.Min(Chunk, length - c * Chunk)));
    }
}
