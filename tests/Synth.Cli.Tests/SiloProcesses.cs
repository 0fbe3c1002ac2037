using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Synth.Silo.Hosting;

namespace Synth.Cli.Tests;

/// <summary>
/// Real <c>synth silo</c> processes of one cluster on the test PostgreSQL, each on loopback with
/// ports of its own, sharing one artifact directory; and an Orleans client of that cluster (as
/// <c>synth api</c> has). Every process left is killed at the end.
/// </summary>
internal sealed class SiloProcesses(string postgres, string artifacts) : IAsyncDisposable
{
    private readonly List<Process> _silos = [];
    private IHost? _client;

    public IReadOnlyList<Process> Silos => _silos;

    /// <summary>Starts <c>synth silo</c> with a name (and tags); returns the process.</summary>
    public Process Start(string name, string? tags = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "synth.dll"), "silo", "--postgres", postgres, "--name", name,
            "--silo-port", FreePort(), "--gateway-port", FreePort(), "--advertise", "127.0.0.1",
            .. tags is null ? Array.Empty<string>() : ["--tags", tags],
        ];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["Synth__Artifacts__Local__RootDirectory"] = artifacts;
        // One thread and short shards: every silo takes part, and jobs last long enough to kill one mid-way.
        start.Environment["Synth__Jobs__Threads"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (environment is not null)
        {
            foreach (var (k, v) in environment) start.Environment[k] = v;
        }
        var process = Process.Start(start)!;
        _silos.Add(process);
        return process;
    }

    /// <summary>An Orleans client of the cluster, connected once a gateway answers.</summary>
    public async Task<IClusterClient> ClientAsync()
    {
        if (_client is not null) return _client.Services.GetRequiredService<IClusterClient>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddSynthClient(postgres);
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                _client = host;
                return host.Services.GetRequiredService<IClusterClient>();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // No silo has joined yet.
                host.Dispose();
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The client, once <paramref name="count"/> silos are active in the cluster.</summary>
    public async Task<IClusterClient> JoinedAsync(int count)
    {
        var client = await ClientAsync();
        await EventuallyAsync(async () => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count >= count, $"{count} silos join");
        return client;
    }

    /// <summary>The name of the silo at <paramref name="address"/>.</summary>
    public static async Task<string> NameOfAsync(IManagementGrain management, SiloAddress address) =>
        (await management.GetDetailedHosts(onlyActive: false)).Single(h => h.SiloAddress.Equals(address)).SiloName;

    /// <summary>
    /// Waits (90 s at most) until <paramref name="condition"/> holds, asking again when it throws:
    /// the client's gateway may be a silo just killed or frozen.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Asked again below.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never happened: {what}");
            await Task.Delay(200);
        }
    }

    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _client.StopAsync(bound.Token);
            }
            catch (Exception)
            {
            }
            _client.Dispose();
        }
        foreach (var silo in _silos)
        {
            if (!silo.HasExited) silo.Kill(entireProcessTree: true);
            silo.Dispose();
        }
    }
}
