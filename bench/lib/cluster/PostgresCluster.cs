using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Synth.Silo.Hosting;

namespace Synth.Bench;

// Shared by the benchmarks that run Synth as a cluster of processes (bench/runtime, bench/streams):
// a program passes `silo CONN NAME SILO_PORT GATEWAY_PORT DIR` to BenchSilo.RunAsync, and
// PostgresCluster starts such processes of the same program on a fresh database, with a client.

/// <summary>One silo process: Synth's own silo configuration (AddSynthSilo) on PostgreSQL; prints "ready" once up.</summary>
public static class BenchSilo
{
    public static async Task<int> RunAsync(string postgres, string name, int siloPort, int gatewayPort, string directory)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Synth:Postgres"] = postgres,
            ["Synth:Silo:Name"] = name,
            ["Synth:Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Synth:Silo:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Synth:Silo:AdvertisedAddress"] = "127.0.0.1",
            ["Synth:DataDirectory"] = directory,
            ["Synth:Artifacts:Local:RootDirectory"] = Path.Combine(directory, "artifacts"),
        });
        builder.AddSynthSilo();
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("ready");
        await host.WaitForShutdownAsync();
        return 0;
    }
}

/// <summary>Silo processes of this program on a fresh PostgreSQL database, and a client of them (as synth api is).</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly List<(Process Process, int SiloPort)> _silos = [];
    private readonly TempDir _work = new();
    private IHost? _client;
    private string _database = "";
    private string _server = "";

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IClusterClient>();

    public static async Task<PostgresCluster> StartAsync(string postgres, int silos, TimeSpan? responseTimeout = null)
    {
        var cluster = new PostgresCluster { _server = postgres, _database = "synth_bench_" + Guid.NewGuid().ToString("N")[..12] };
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {cluster._database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        // 40 connections per process: Npgsql's default pool of 100 per silo passes the private server's
        // max_connections (200) with two silos as soon as 1,024 activations read their state at once.
        var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = cluster._database, MaxPoolSize = 40 }.ConnectionString;
        for (var i = 0; i < silos; i++) cluster._silos.Add(await StartSiloAsync(connectionString, $"bench-{i + 1}", cluster._work.Path));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration["Synth:Artifacts:Local:RootDirectory"] = Path.Combine(cluster._work.Path, "artifacts");
        builder.AddSynthClient(connectionString);
        if (responseTimeout is { } timeout)
        {
            builder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = timeout);
            builder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        }
        cluster._client = builder.Build();
        await cluster._client.StartAsync();
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < silos) await Task.Delay(100);
        return cluster;
    }

    /// <summary>The silo process listening on <paramref name="siloPort"/> (a SiloAddress's endpoint port).</summary>
    public Process SiloAt(int siloPort) => _silos.Single(s => s.SiloPort == siloPort).Process;

    private static async Task<(Process, int)> StartSiloAsync(string postgres, string name, string directory)
    {
        // Its warnings and errors go to this process's stderr; stdout carries "ready".
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Run as `dotnet Synth.Bench.Runtime.dll`, the silo is the same: the host with this assembly.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        var siloPort = FreePort();
        foreach (var arg in new[] { "silo", postgres, name, siloPort, FreePort(), directory }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "ready")
            {
                // Drained so that the silo can never block on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return (process, int.Parse(siloPort, CultureInfo.InvariantCulture));
            }
        }
        throw new InvalidOperationException($"silo {name} ended before it was ready");
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _client.StopAsync(bound.Token); } catch (Exception) { }
            _client.Dispose();
        }
        foreach (var (silo, _) in _silos)
        {
            try { silo.Kill(); } catch (InvalidOperationException) { }
            await silo.WaitForExitAsync();
            silo.Dispose();
        }
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        _work.Dispose();
    }
}

/// <summary>A temporary directory, deleted with its contents.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("synth-bench-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
