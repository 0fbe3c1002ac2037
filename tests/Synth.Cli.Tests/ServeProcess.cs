using System.Diagnostics;

namespace Synth.Cli.Tests;

/// <summary>A real <c>synth serve</c> process on a free loopback port, in its own directory; <see cref="Environment"/> points the CLI at it.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _serve;

    private ServeProcess(Process serve, string url)
    {
        _serve = serve;
        Environment = new Dictionary<string, string> { ["SYNTH_SERVER"] = url };
    }

    /// <summary>SYNTH_SERVER for the CLI commands that drive it.</summary>
    public Dictionary<string, string> Environment { get; }

    public static async Task<ServeProcess> StartAsync(string directory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "synth.dll"), "serve", "--port", "0", "--data-dir", "data" }) start.ArgumentList.Add(arg);
        start.Environment["SYNTH_LOG_LEVEL"] = "warning";
        var serve = Process.Start(start)!;
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginErrorReadLine();
        var line = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        line.Should().StartWith("Synth is listening on http://127.0.0.1:");
        return new ServeProcess(serve, line!["Synth is listening on ".Length..]);
    }

    public void Dispose()
    {
        if (!_serve.HasExited) _serve.Kill(entireProcessTree: true);
        _serve.WaitForExit(TimeSpan.FromSeconds(30));
        _serve.Dispose();
    }
}
