using System.Diagnostics;

namespace Synth.Dashboard.Tests.TestSupport;

/// <summary>Runs the real <c>synth</c> command (built beside the tests), as a person would from a terminal.</summary>
public static class SynthRun
{
    public static void Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "synth.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("SYNTH_SEED");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"synth {string.Join(' ', args)} did not finish");
        }
        process.ExitCode.Should().Be(0, $"synth {string.Join(' ', args)}: {stderr.Result}{stdout.Result}");
    }
}
