namespace Synth.Grains.Streams;

/// <summary>
/// A measure (ms) over the last minute, at most its last 1,024 values, for a percentile of the recent
/// past: a slow stream's figure says how it does now, not how it did when it started.
/// </summary>
internal sealed class LatencyWindow(TimeProvider? time = null)
{
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly double[] _values = new double[1024];
    private readonly long[] _at = new long[1024];
    private long _count;

    public void Add(double value)
    {
        var slot = (int)(_count++ % _values.Length);
        (_values[slot], _at[slot]) = (value, _time.GetTimestamp());
    }

    /// <summary>The <paramref name="quantile"/> of the values of the last minute; null when there is none.</summary>
    public double? Percentile(double quantile)
    {
        var since = _time.GetTimestamp() - (long)(Span.TotalSeconds * _time.TimestampFrequency);
        var recent = new List<double>(Math.Min((int)_count, _values.Length));
        for (var i = 0; i < Math.Min(_count, _values.Length); i++)
        {
            if (_at[i] >= since) recent.Add(_values[i]);
        }
        if (recent.Count == 0) return null;
        recent.Sort();
        return Math.Round(recent[Math.Min(recent.Count - 1, (int)Math.Ceiling(quantile * recent.Count) - 1)], 3);
    }
}
