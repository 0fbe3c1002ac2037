using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Synth.Bench.GrainStorage;
using Synth.Silo.Postgres;
using Synth.Silo.Sqlite;

// grain-storage CONN [OPS]: OPS sequential writes (each with the ETag of the previous one) and
// OPS writes from 8 concurrent writers on distinct grains, per provider.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: grain-storage POSTGRES_CONN [OPS]");
    return 2;
}
var ops = args.Length > 1 ? int.Parse(args[1]) : 2000;
var directory = Directory.CreateTempSubdirectory("synth-bench-storage-").FullName;
await new PostgresMigrator(args[0]).MigrateAsync();
var builder = new InProcessTestClusterBuilder(1);
builder.Options.ConfigureFileLogging = false;
builder.ConfigureSilo((_, silo) => silo
    .AddSqliteGrainStorage("sqlite-normal", o => o.DatabasePath = Path.Combine(directory, "normal.db"))
    .AddSqliteGrainStorage("sqlite-full", o => { o.DatabasePath = Path.Combine(directory, "full.db"); o.Synchronous = SqliteSynchronous.Full; })
    .AddAdoNetGrainStorage("postgres", o => { o.Invariant = "Npgsql"; o.ConnectionString = args[0]; }));
var cluster = builder.Build();
await cluster.DeployAsync();
try
{
    Console.WriteLine($"grain state writes, 200-byte state, {ops} ops; load {File.ReadAllText("/proc/loadavg").Trim()}");
    foreach (var name in new[] { "sqlite-normal", "sqlite-full", "postgres" })
    {
        var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(name);
        var latencies = new double[ops];
        var state = new GrainState<BenchState>(new BenchState { Payload = new byte[200] });
        var grain = GrainId.Create("bench", Guid.NewGuid().ToString("N"));
        var total = Stopwatch.StartNew();
        for (var i = 0; i < ops; i++)
        {
            var one = Stopwatch.StartNew();
            await storage.WriteStateAsync("bench", grain, state);
            latencies[i] = one.Elapsed.TotalMilliseconds;
        }
        var sequential = ops / total.Elapsed.TotalSeconds;
        Array.Sort(latencies);

        total.Restart();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new GrainState<BenchState>(new BenchState { Payload = new byte[200] });
            var id = GrainId.Create("bench", Guid.NewGuid().ToString("N"));
            for (var i = 0; i < ops / 8; i++) await storage.WriteStateAsync("bench", id, mine);
        })));
        var concurrent = ops / 8 * 8 / total.Elapsed.TotalSeconds;
        Console.WriteLine($"{name,-14} sequential {sequential,7:F0} writes/s (p50 {latencies[ops / 2]:F2} ms, p99 {latencies[ops * 99 / 100]:F2} ms); 8 writers {concurrent,7:F0} writes/s");
    }
}
finally
{
    await cluster.DisposeAsync();
    Directory.Delete(directory, recursive: true);
}
return 0;
