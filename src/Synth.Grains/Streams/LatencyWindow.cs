namespace Synth.Grains.Streams;

/// <summary>
/// A measure (ms) over the last minute, at most its last 1,024 values, for a percentile of the recent
/// past: a slow stream's figure says how it does now, not how it did when it started. It holds what a
/// minute brings (a stream of one batch a second, 64 values), so 10,000 slow streams on a silo stay small.
/// </summary>
internal sealed class LatencyWindow(TimeProvider? time = null)
{
    private const int MaxValues = 1024;
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private float[] _values = new float[16];
    private long[] _at = new long[16];
    private long _count;

    public void Add(double value)
    {
        var now = _time.GetTimestamp();
        var slot = (int)(_count % _values.Length);
        // Full, and its oldest value still within the minute: room for more, up to the most it keeps.
        if (_count >= _values.Length && _values.Length < MaxValues && _at[slot] >= Since(now)) slot = Grow(slot);
        (_values[slot], _at[slot]) = ((float)value, now);
        _count++;
    }

    /// <summary>The <paramref name="quantile"/> of the values of the last minute; null when there is none.</summary>
    public double? Percentile(double quantile)
    {
        var since = Since(_time.GetTimestamp());
        var held = (int)Math.Min(_count, _values.Length);
        var recent = new List<float>(held);
        for (var i = 0; i < held; i++)
        {
            if (_at[i] >= since) recent.Add(_values[i]);
        }
        if (recent.Count == 0) return null;
        recent.Sort();
        return Math.Round(recent[Math.Min(recent.Count - 1, (int)Math.Ceiling(quantile * recent.Count) - 1)], 3);
    }

    private long Since(long now) => now - (long)(Span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Doubles the ring, its values oldest first (the oldest is at <paramref name="oldest"/>); returns the next free slot.</summary>
    private int Grow(int oldest)
    {
        var length = _values.Length;
        var (values, at) = (new float[length * 2], new long[length * 2]);
        for (var i = 0; i < length; i++) (values[i], at[i]) = (_values[(oldest + i) % length], _at[(oldest + i) % length]);
        (_values, _at, _count) = (values, at, length);
        return length;
    }
}
