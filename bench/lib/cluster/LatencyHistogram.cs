namespace Synth.Bench;

/// <summary>Latencies in 10 µs buckets up to 1 s (one overflow bucket): recording allocates nothing, so the callers measure what they time, not the GC.</summary>
public sealed class LatencyHistogram
{
    private const long BucketTicks = TimeSpan.TicksPerMillisecond / 100;
    private readonly long[] _buckets = new long[100_001];

    public long Count { get; private set; }

    public void Record(long ticks)
    {
        _buckets[Math.Min(ticks / BucketTicks, _buckets.Length - 1)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _buckets.Length; i++) _buckets[i] += other._buckets[i];
        Count += other.Count;
    }

    /// <summary>The latency in ms below which a share <paramref name="quantile"/> of the calls fall (the upper edge of its bucket).</summary>
    public double Percentile(double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= rank) return (i + 1) * 0.01;
        }
        return double.PositiveInfinity;
    }
}
