using System.Collections.Concurrent;
using System.Diagnostics;

namespace Synth.Api.Tests.TestSupport;

/// <summary>A process the test started (synth serve, node): its output lines as they come, stopped and killed at the end.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _errors = new();

    public ChildProcess(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "SYNTH_API_HOST", "SYNTH_API_PORT", "SYNTH_SEED", "SYNTH_LOG_LEVEL", "Synth__Postgres" }) start.Environment.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) _lines.CompleteAdding();
            else _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) _errors.Enqueue(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Process Process => _process;

    public string Errors => string.Join('\n', _errors);

    /// <summary>The next line of standard output; throws when the process ends first or after <paramref name="patience"/> (a hang, not a speed check).</summary>
    public string ReadLine(TimeSpan patience)
    {
        if (_lines.TryTake(out var line, patience)) return line;
        throw new InvalidOperationException($"no output line from {_process.StartInfo.FileName} (exited: {_process.HasExited}); stderr:\n{Errors}");
    }

    /// <summary>Waits for the exit and for the last output lines (a timed wait alone may return before them).</summary>
    public bool WaitForExit(TimeSpan patience)
    {
        if (!_process.WaitForExit(patience)) return false;
        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
