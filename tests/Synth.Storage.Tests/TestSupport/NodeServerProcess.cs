using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Synth.Storage.Tests.TestSupport;

/// <summary>
/// A test server from tests/node-storage/node_modules/.bin (Azurite, s3rver) in its own process,
/// listening on 127.0.0.1 on a port the server picks itself (port 0), so parallel runs never
/// collide. Ready once it prints the line that names its port and answers an HTTP request.
/// Any failure to start throws with the server's output and how to install it: the tests that
/// need it fail, they are never skipped.
/// </summary>
internal sealed class NodeServerProcess : IAsyncDisposable
{
    private const string InstallHint = "Run ./test from the repository root (it installs tests/node-storage), or `cd tests/node-storage && npm ci`.";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private NodeServerProcess(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    /// <summary>The port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts <paramref name="binName"/> with <paramref name="arguments"/> in
    /// <paramref name="workingDirectory"/> and waits (at most a minute) for a line matching
    /// <paramref name="readyLine"/>, whose group "port" is the port. <paramref name="environment"/>
    /// adds to the variables the process inherits.
    /// </summary>
    public static async Task<NodeServerProcess> StartAsync(string binName, IEnumerable<string> arguments, Regex readyLine, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var executable = Path.Combine(RepositoryPaths.NodeStorage, "node_modules", ".bin", binName);
        if (!File.Exists(executable)) throw new InvalidOperationException($"{executable} is missing, so {binName} cannot start. {InstallHint}");

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var output = new StringBuilder();
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Both pipes are drained for the server's whole life: a full pipe would stall it.
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => port.TrySetException(new InvalidOperationException($"{binName} exited before it was listening."));
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{binName} could not be started ({e.Message}). Is Node 20 installed? {InstallHint}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var server = new NodeServerProcess(process, output, await port.Task.WaitAsync(TimeSpan.FromMinutes(1)));
            await server.WaitUntilAnsweringAsync();
            return server;
        }
        catch (Exception e)
        {
            await StopAsync(process);
            string text;
            lock (output) text = output.ToString();
            throw new InvalidOperationException($"{binName} did not start on 127.0.0.1: {e.Message}\nIts output:\n{text}\n{InstallHint}", e);
        }

        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (readyLine.Match(line) is { Success: true } match) port.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_process));

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // It has already gone.
        }

        process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Any answer, even "forbidden", means the server is up.
                using var response = await http.GetAsync($"http://127.0.0.1:{Port}/");
                return;
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>What the server printed so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }
}
