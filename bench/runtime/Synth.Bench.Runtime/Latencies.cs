using System.Diagnostics;

namespace Synth.Bench.Runtime;

/// <summary>
/// Per-operation latencies in Stopwatch ticks, written into a preallocated array (no allocation
/// and no lock on the measured path). Operations beyond the capacity are counted, not kept.
/// </summary>
public sealed class Latencies(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(long ticks)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _ticks.Length) _ticks[i] = ticks;
    }

    /// <summary>Stores the latency of operation number <paramref name="index"/> (callers that know their slot).</summary>
    public void Set(int index, long ticks)
    {
        if (index < _ticks.Length) _ticks[index] = ticks;
        Interlocked.Increment(ref _count);
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public LatencySummary Summarize()
    {
        // Slots never written (events that did not arrive) are zero; no operation takes zero ticks.
        var sorted = _ticks.Where(t => t > 0).ToArray();
        var n = sorted.Length;
        if (n == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        Array.Sort(sorted);
        double At(double q) => Ms(sorted[Math.Clamp((int)Math.Ceiling(q * n) - 1, 0, n - 1)]);
        long sum = 0;
        foreach (var t in sorted) sum += t;
        return new LatencySummary(n, At(0.50), At(0.99), Ms(sorted[^1]), Ms(sum) / n, Ms(sorted[0]));
    }
}

/// <summary>Nearest-rank percentiles, in milliseconds.</summary>
public sealed record LatencySummary(int Samples, double P50, double P99, double Max, double Mean, double Min);
