using System.Diagnostics;

namespace Synth.Cli;

/// <summary>
/// A live progress line on standard error (rows, rows/s, ETA) when standard error is a terminal;
/// silent otherwise, so pipes and logs stay clean. Redraws at most ~8 times a second.
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    private readonly long _total;
    private readonly bool _live;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;

    private ProgressReporter(long total, bool live)
    {
        _total = total;
        _live = live;
    }

    public static ProgressReporter Create(long total, string logLevel) =>
        new(total, !Console.IsErrorRedirected && logLevel is "debug" or "info");

    public void Report(long done)
    {
        if (!_live) return;
        var now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 125 && done < _total) return;
        _lastDraw = now;
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-6);
        var rate = done / seconds;
        var fraction = _total == 0 ? 1 : (double)done / _total;
        var eta = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : TimeSpan.Zero;
        const int width = 30;
        var filled = (int)(fraction * width);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P1}  {done:N0}/{_total:N0} rows  {rate:N0} rows/s  ETA {eta:hh\\:mm\\:ss}   ");
    }

    public void Complete()
    {
        if (_live) Console.Error.WriteLine();
    }

    public void Dispose()
    {
        if (_live && _lastDraw >= 0) Console.Error.Write("\r\x1b[K");
    }
}
