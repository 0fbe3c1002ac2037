using System.Diagnostics;

namespace Synth.Runtime.Tests.TestSupport;

/// <summary>
/// A silo in its own process (Synth.Runtime.TestHost, hosting the test grains), so fault tests
/// can do to it what happens to real machines: SIGKILL, SIGSTOP, SIGCONT.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string siloId)
    {
        _process = process;
        SiloId = siloId;
    }

    public string SiloId { get; }

    public int Pid => _process.Id;

    public static async Task<SiloProcess> StartAsync(string connectionString, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Synth.Runtime.TestHost.dll"));
        start.ArgumentList.Add("--postgres");
        start.ArgumentList.Add(connectionString);
        foreach (var a in extraArgs) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null) throw new InvalidOperationException($"silo process exited with code {(process.HasExited ? process.ExitCode : -1)} before it was ready");
            if (line.StartsWith("ready ", StringComparison.Ordinal)) return new SiloProcess(process, line[6..].Trim());
        }
    }

    /// <summary>SIGKILL: the process dies at once, telling nobody.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP: the process freezes (a GC pause, a stalled VM) and its heartbeats stop.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: the frozen process resumes where it was, believing nothing happened.</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        Resume();
        _process.Kill();
        await _process.WaitForExitAsync();
    }
}
