using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Synth.Bench.Failover;
using Synth.Silo.Membership;
using Synth.Silo.Postgres;

// failover measure CONN [--runs N]      two silo processes per run; prints the time from the signal
//                                       to the first answer from the surviving silo
// failover silo CONN CLUSTER PROFILE SILO_PORT GATEWAY_PORT   (started by measure)
if (args.Length >= 6 && args[0] == "silo") return await RunSiloAsync(args[1], args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture));
if (args.Length >= 2 && args[0] == "measure")
{
    var runs = args.Length >= 4 && args[2] == "--runs" ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
    await new PostgresMigrator(args[1]).MigrateAsync();
    Console.WriteLine($"failover after a signal to the silo hosting the grain; 2 silos on PostgreSQL; {runs} runs each; load {File.ReadAllText("/proc/loadavg").Trim()}");
    foreach (var profile in new[] { "synth", "orleans-default" })
    {
        foreach (var signal in new[] { "KILL", "STOP" })
        {
            var times = new List<double>();
            for (var run = 0; run < runs; run++) times.Add(await MeasureAsync(args[1], profile, signal));
            times.Sort();
            Console.WriteLine($"{profile,-16} SIG{signal,-5} median {times[times.Count / 2],5:F1} s  min {times[0],5:F1} s  max {times[^1],5:F1} s");
        }
    }
    return 0;
}
Console.Error.WriteLine("usage: failover measure CONN [--runs N]");
return 2;

static async Task<int> RunSiloAsync(string connectionString, string clusterId, string profile, int siloPort, int gatewayPort)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.UseOrleans(silo =>
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "failover-bench"; })
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false)
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; });
        if (profile == "synth") silo.UseSynthFailureDetection();
    });
    using var host = builder.Build();
    await host.StartAsync();
    Console.WriteLine("ready");
    await host.WaitForShutdownAsync();
    return 0;
}

static async Task<double> MeasureAsync(string connectionString, string profile, string signal)
{
    var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
    var silos = new List<Process>();
    try
    {
        for (var i = 0; i < 2; i++) silos.Add(await StartSiloAsync(connectionString, clusterId, profile));

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Error);
        clientBuilder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "failover-bench"; })
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(2))
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5))
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; }));
        using var client = clientBuilder.Build();
        await client.StartAsync();
        var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IPingGrain>("ping");
        var victim = await grain.Where();

        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", [$"-{signal}", victim.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            try
            {
                if (await grain.Where() != victim) return clock.Elapsed.TotalSeconds;
            }
            catch (Exception)
            {
                // The frozen or dead silo's activation: time out or rejected until it is declared dead.
            }
            await Task.Delay(50);
        }
        return double.PositiveInfinity;
    }
    finally
    {
        foreach (var silo in silos)
        {
            try { silo.Kill(); } catch (InvalidOperationException) { }
            silo.Dispose();
        }
    }
}

static async Task<Process> StartSiloAsync(string connectionString, string clusterId, string profile)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var arg in new[] { "silo", connectionString, clusterId, profile, FreePort().ToString(CultureInfo.InvariantCulture), FreePort().ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
    var process = Process.Start(start)!;
    // Drained so that a silo's log lines can never block it on a full pipe.
    _ = process.StandardError.ReadToEndAsync();
    while (await process.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line == "ready")
        {
            _ = process.StandardOutput.ReadToEndAsync();
            return process;
        }
    }
    throw new InvalidOperationException("a silo process ended before it was ready");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
