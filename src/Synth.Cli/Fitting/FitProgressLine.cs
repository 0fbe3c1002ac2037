using System.Diagnostics;
using Synth.Core.Privacy.Synthesizers;

namespace Synth.Cli.Fitting;

/// <summary>
/// A fit's live progress on standard error: stage, share done, time elapsed and the synthesizer's
/// own line ("round 12/224 …"). Like <see cref="ProgressReporter"/> it draws only when standard
/// error is a terminal and the log level is info or debug, at most ~8 times a second (a new
/// stage is drawn at once); pipes and logs stay clean. Reports may come from any thread.
/// </summary>
public sealed class FitProgressLine : IProgress<FitProgress>, IDisposable
{
    private readonly bool _live;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private long _lastDraw = -1000;
    private string? _lastStage;

    private FitProgressLine(bool live) => _live = live;

    public static FitProgressLine Create(string logLevel) => new(!Console.IsErrorRedirected && logLevel is "debug" or "info");

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(FitProgress value)
    {
        if (!_live) return;
        lock (_lock)
        {
            var now = _clock.ElapsedMilliseconds;
            if (now - _lastDraw < 125 && value.Stage == _lastStage) return;
            _lastDraw = now;
            _lastStage = value.Stage;
            var line = $"{value.Stage,-9} {value.Fraction,6:P1}  {_clock.Elapsed:hh\\:mm\\:ss}  {value.Message}";
            var width = TerminalWidth() - 1;
            if (line.Length > width) line = line[..width];
            Console.Error.Write($"\r{line}\x1b[K");
        }
    }

    public void Dispose()
    {
        if (_live && _lastStage is not null) Console.Error.Write("\r\x1b[K");
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
