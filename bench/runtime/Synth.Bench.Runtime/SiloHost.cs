using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Synth.Runtime.Hosting;
using Synth.Runtime.Storage.Postgres;

namespace Synth.Bench.Runtime;

/// <summary>
/// `silo --postgres CONN [--name N] [--parent-pid P]`: one silo hosting the bench grains with
/// default <see cref="SiloOptions"/> (only the name set). Prints "ready &lt;silo id&gt;" once
/// serving and runs until SIGTERM/Ctrl-C (graceful stop), SIGKILL, or the death of the parent.
/// </summary>
public static class SiloHost
{
    public static async Task<int> RunAsync(Args args)
    {
        var connection = args.Text("postgres") ?? Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING")
            ?? throw new ArgumentException("silo needs --postgres CONN");
        var options = new SiloOptions();
        options.Name = args.Text("name", options.Name)!;
        var parent = args.Text("parent-pid");

        var log = new CountingLoggerProvider($"  [{options.Name}] ");
        var loggers = log.Factory();
        await using var store = new PostgresClusterStore(connection, loggers.CreateLogger<PostgresClusterStore>());
        var services = new ServiceCollection().AddSingleton(new BenchSiloInfo(options.Name)).BuildServiceProvider();
        var silo = new Silo(store, BenchGrains.Registry(), options, services, loggers);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        await silo.StartAsync(stop.Token);
        Console.WriteLine($"ready {silo.SiloId}");
        Console.Out.Flush();
        if (parent is not null) _ = WatchParentAsync(int.Parse(parent, System.Globalization.CultureInfo.InvariantCulture), stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await silo.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>A bench driver that dies must not leave silos behind.</summary>
    private static async Task WatchParentAsync(int pid, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(1000);
            try
            {
                using var p = Process.GetProcessById(pid);
                if (p.HasExited) break;
            }
            catch (ArgumentException)
            {
                break;
            }
        }
        await stop.CancelAsync();
    }
}

/// <summary>A silo in its own process (this executable in silo mode), so that it can be killed with SIGKILL.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string name, string siloId)
    {
        _process = process;
        Name = name;
        SiloId = siloId;
    }

    public string Name { get; }

    public string SiloId { get; }

    public static async Task<SiloProcess> StartAsync(string connection, string name)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.FileName = self;
            start.ArgumentList.Add(typeof(SiloProcess).Assembly.Location);
        }
        else
        {
            start.FileName = self;
        }
        foreach (var a in new[] { "silo", "--postgres", connection, "--name", name, "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a silo process");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) Console.Error.WriteLine(e.Data);
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null) throw new InvalidOperationException($"silo process {name} exited (code {(process.HasExited ? process.ExitCode : -1)}) before it was ready");
                if (line.StartsWith("ready ", StringComparison.Ordinal)) return new SiloProcess(process, name, line[6..].Trim());
            }
        }
        catch
        {
            if (!process.HasExited) process.Kill();
            throw;
        }
    }

    /// <summary>SIGKILL: the process dies at once and tells nobody.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
