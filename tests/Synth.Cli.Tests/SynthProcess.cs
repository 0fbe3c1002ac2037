using System.Diagnostics;

namespace Synth.Cli.Tests;

/// <summary>Runs the real <c>synth</c> executable (built beside the tests) as a user would.</summary>
internal static class SynthProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        if (environment is not null)
        {
            foreach (var (k, v) in environment) start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"synth {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    /// <summary>Runs <paramref name="command"/> with <paramref name="options"/>, one of them set by <paramref name="change"/> ("--name=value").</summary>
    public static Result RunChanged(string workingDirectory, string command, IReadOnlyDictionary<string, string> options, string change)
    {
        var equals = change.IndexOf('=', StringComparison.Ordinal);
        var changed = new Dictionary<string, string>(options) { [change[..equals]] = change[(equals + 1)..] };
        return Run(workingDirectory, [command, .. changed.SelectMany(o => new[] { o.Key, o.Value })]);
    }

    /// <summary>
    /// Starts <c>synth</c> with <paramref name="args"/>, waits until <paramref name="ready"/> holds
    /// for the process (or 60 s), sends SIGTERM as a service manager or Ctrl-C would, and waits for
    /// the exit. Readiness should be something the process did, never a delay: on a loaded machine
    /// a signal sent too early arrives before the command runs, and the runtime's default ends it.
    /// </summary>
    public static Result Interrupt(string workingDirectory, Func<Process, bool> ready, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!ready(process) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
        if (process.HasExited) throw new InvalidOperationException($"synth {string.Join(' ', args)} ended before it could be interrupted: {stderr.Result}");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"synth {string.Join(' ', args)} did not stop on SIGTERM");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Bytes the process has read so far (rchar of /proc/PID/io): how far it got into its input.</summary>
    public static long BytesRead(Process process)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}/io"))
            {
                if (line.StartsWith("rchar:", StringComparison.Ordinal)) return long.Parse(line["rchar:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
            // The process has just ended.
        }
        return 0;
    }

    /// <summary>Starts <c>synth</c> with its standard output and error redirected; the caller reads and ends it.</summary>
    public static Process Start(string workingDirectory, params string[] args) => Process.Start(StartInfo(workingDirectory, args))!;

    private static ProcessStartInfo StartInfo(string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "synth.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("SYNTH_SEED");
        start.Environment.Remove("SYNTH_BATCH_SIZE");
        start.Environment.Remove("SYNTH_LOG_LEVEL");
        foreach (var name in new[] { "SYNTH_FREQUENCY", "SYNTH_DRIFT_ENABLED", "SYNTH_DRIFT_INTERVAL", "SYNTH_DRIFT_MAGNITUDE" }) start.Environment.Remove(name);
        return start;
    }
}
