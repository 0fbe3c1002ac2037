namespace Synth.Grains.Streams;

/// <summary>The last 1,024 values of a measure (ms), for a percentile of the recent past.</summary>
internal sealed class LatencyWindow
{
    private readonly double[] _values = new double[1024];
    private long _count;

    public void Add(double value) => _values[_count++ % _values.Length] = value;

    public double? Percentile(double quantile)
    {
        var n = (int)Math.Min(_count, _values.Length);
        if (n == 0) return null;
        var sorted = _values[..n];
        Array.Sort(sorted);
        return Math.Round(sorted[Math.Min(n - 1, (int)Math.Ceiling(quantile * n) - 1)], 3);
    }
}
