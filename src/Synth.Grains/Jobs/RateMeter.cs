namespace Synth.Grains.Jobs;

/// <summary>Rows per second, smoothed over the last few seconds so the ETA does not jump with every report.</summary>
internal sealed class RateMeter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private DateTimeOffset? _at;
    private long _rows;
    private double _rate;

    public double Update(DateTimeOffset now, long rows)
    {
        if (_at is not { } at)
        {
            (_at, _rows) = (now, rows);
            return _rate;
        }
        var seconds = (now - at).TotalSeconds;
        if (seconds < 0.2) return _rate;
        var instant = Math.Max(0, rows - _rows) / seconds;
        // Exponential smoothing with a time constant of Window.
        var weight = Math.Min(1, seconds / Window.TotalSeconds);
        _rate = _rate == 0 ? instant : _rate + (instant - _rate) * weight;
        (_at, _rows) = (now, rows);
        return _rate;
    }
}
