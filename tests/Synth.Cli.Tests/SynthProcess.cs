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
}
