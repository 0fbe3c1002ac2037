using System.Diagnostics;
using System.Globalization;

namespace Synth.Dashboard.Tests.TestSupport;

/// <summary>
/// A real <c>synth serve</c> process (synth.dll built beside the tests, with the dashboard's bundle) on a
/// free loopback port, keeping its state in a directory of its own; it can be restarted on the same port
/// and data, as a person restarts a server.
/// </summary>
public sealed class ServeProcess : IDisposable
{
    private readonly string _directory;
    private Process? _process;

    private ServeProcess(string directory) => _directory = directory;

    /// <summary>http://127.0.0.1:PORT, the same across restarts.</summary>
    public string Url { get; private set; } = "";

    public static async Task<ServeProcess> StartAsync(string directory)
    {
        var serve = new ServeProcess(directory);
        await serve.LaunchAsync("0");
        return serve;
    }

    /// <summary>
    /// Stops the server as a service manager does (SIGTERM, a graceful stop) and starts it again on the
    /// same port and data, with <paramref name="options"/> of <c>synth serve</c> (say, <c>--auth keys</c>).
    /// </summary>
    public async Task RestartAsync(params string[] options)
    {
        Stop(graceful: true);
        await LaunchAsync(new Uri(Url).Port.ToString(CultureInfo.InvariantCulture), options);
    }

    private async Task LaunchAsync(string port, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "synth.dll"), "serve", "--port", port, "--data-dir", "data", .. options];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["SYNTH_LOG_LEVEL"] = "warning";
        start.Environment.Remove("SYNTH_SEED");
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        line.Should().StartWith("Synth is listening on http://127.0.0.1:");
        _process = process;
        Url = line!["Synth is listening on ".Length..];
    }

    private void Stop(bool graceful)
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            if (graceful)
            {
                using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                kill.WaitForExit();
            }
            if (!_process.WaitForExit(TimeSpan.FromSeconds(graceful ? 60 : 0))) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop(graceful: false);
}
