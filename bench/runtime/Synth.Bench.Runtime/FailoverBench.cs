using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;

namespace Synth.Bench.Runtime;

/// <summary>
/// Failover time with default settings: two silo processes, a grain on one of them; kill -9 its
/// host, then call the grain until it answers from the other silo. Kill → first successful call.
/// The killed silo is replaced by a new process before the next round.
/// </summary>
public static class FailoverBench
{
    private const string Key = "failover";

    public static async Task<Dictionary<string, object?>> RunAsync(Args args)
    {
        var repeats = args.Int("repeats", 3);
        var giveUp = TimeSpan.FromSeconds(args.Seconds("give-up", 60));
        await using var database = await BenchDatabase.CreateAsync("postgres", args.Text("postgres") ?? Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING"), "failover");
        BenchLog.Progress($"failover: starting two silo processes (default SiloOptions), {repeats} round(s)");

        var processes = new List<SiloProcess>();
        var log = new CountingLoggerProvider("  driver: ");
        var loggers = log.Factory();
        var rounds = new List<Dictionary<string, object?>>();
        var errors = new ErrorCounter();
        await using var store = new PostgresClusterStore(database.Connection, loggers.CreateLogger<PostgresClusterStore>());
        ClusterClient? client = null;
        try
        {
            var next = 0;
            processes.AddRange(await Task.WhenAll(
                SiloProcess.StartAsync(database.Connection, $"failover-silo-{++next}"),
                SiloProcess.StartAsync(database.Connection, $"failover-silo-{++next}")));
            await store.MigrateAsync(CancellationToken.None);
            // A plain client (no silo in this process), so the grain always lives in a silo process.
            client = new ClusterClient(store, BenchGrains.Registry(), loggers.CreateLogger<ClusterClient>());
            await client.StartAsync(CancellationToken.None);
            var grain = client.Get<IBenchGrain>(Key, new GrainCallOptions { Timeout = giveUp });
            var count = await grain.Add(1);

            for (var round = 1; round <= repeats; round++)
            {
                var host = await grain.Host();
                var lease = await store.GetLeaseAsync(new GrainId(nameof(IBenchGrain), Key), CancellationToken.None)
                    ?? throw new InvalidOperationException("the grain answered but has no lease");
                var victim = processes.SingleOrDefault(p => p.SiloId == lease.SiloId)
                    ?? throw new InvalidOperationException($"the grain's lease is held by {lease.SiloId}, which is none of the silo processes");
                var membership = await store.GetSilosAsync(CancellationToken.None);
                var leaseName = membership.Single(s => s.SiloId == lease.SiloId).Name;
                if (leaseName != host) throw new InvalidOperationException($"the grain says it runs on {host}, its lease says {leaseName}");
                BenchLog.Progress($"round {round}: the grain is on {host} (lease epoch {lease.Epoch}); kill -9 {host}");

                var killedAt = Stopwatch.GetTimestamp();
                victim.Kill();
                using var watching = new CancellationTokenSource();
                var declaredDead = WatchDeathAsync(store, victim.SiloId, killedAt, watching.Token);

                string? answeredBy = null;
                var attempts = 0;
                long answeredAt = 0;
                while (Stopwatch.GetElapsedTime(killedAt) < giveUp)
                {
                    attempts++;
                    try
                    {
                        var now = await grain.Host();
                        if (now != victim.Name)
                        {
                            answeredAt = Stopwatch.GetTimestamp();
                            answeredBy = now;
                            break;
                        }
                    }
                    catch (Exception e)
                    {
                        errors.Record(e);
                        await Task.Delay(100);
                    }
                }
                await watching.CancelAsync();
                var deadAfter = await declaredDead;
                if (answeredBy is null)
                {
                    rounds.Add(new() { ["round"] = round, ["from"] = victim.Name, ["error"] = $"no answer from another silo within {giveUp.TotalSeconds:0} s" });
                    BenchLog.Progress($"round {round}: FAILED, no answer within {giveUp.TotalSeconds:0} s");
                    break;
                }
                var seconds = Latencies.Ms(answeredAt - killedAt) / 1000;
                var after = await grain.Add(1);
                var newLease = await store.GetLeaseAsync(new GrainId(nameof(IBenchGrain), Key), CancellationToken.None);
                var stateKept = after == count + 1;
                count = after;
                BenchLog.Progress($"round {round}: answered by {answeredBy} {seconds:F2} s after the kill (declared dead after {deadAfter:F2} s; " +
                                  $"{attempts} call(s)); lease epoch {newLease?.Epoch}; state {(stateKept ? "kept" : "LOST")}");
                rounds.Add(new()
                {
                    ["round"] = round,
                    ["from"] = victim.Name,
                    ["to"] = answeredBy,
                    ["failover_seconds"] = Math.Round(seconds, 3),
                    ["declared_dead_seconds"] = deadAfter is null ? null : Math.Round(deadAfter.Value, 3),
                    ["calls"] = attempts,
                    ["lease_epoch_before"] = lease.Epoch,
                    ["lease_epoch_after"] = newLease?.Epoch,
                    ["state_kept"] = stateKept,
                });

                processes.Remove(victim);
                await victim.DisposeAsync();
                if (round < repeats)
                {
                    var replacement = await SiloProcess.StartAsync(database.Connection, $"failover-silo-{++next}");
                    processes.Add(replacement);
                    BenchLog.Progress($"started {replacement.Name} in its place");
                }
            }
        }
        finally
        {
            if (client is not null) await client.DisposeAsync();
            foreach (var p in processes) await p.DisposeAsync();
        }

        var times = rounds.Where(r => r.ContainsKey("failover_seconds")).Select(r => (double)r["failover_seconds"]!).Order().ToArray();
        double? median = times.Length == 0 ? null : times.Length % 2 == 1 ? times[times.Length / 2] : (times[times.Length / 2 - 1] + times[times.Length / 2]) / 2;
        return new Dictionary<string, object?>
        {
            ["mode"] = "failover",
            ["provider"] = "postgres",
            ["silo_options"] = "default (heartbeat 1 s, death timeout 5 s)",
            ["repeats"] = repeats,
            ["rounds"] = rounds,
            ["failover_seconds"] = times,
            ["median_seconds"] = median is null ? null : Math.Round(median.Value, 3),
            ["errors"] = rounds.Count(r => r.ContainsKey("error")),
            ["failed_calls"] = errors.Total,
            ["error_kinds"] = errors.Counts,
            ["driver_warnings"] = log.Total,
            ["driver_warning_kinds"] = log.Counts,
        };
    }

    /// <summary>Seconds from the kill until the membership table says Dead (polled every 50 ms), null if not seen.</summary>
    private static async Task<double?> WatchDeathAsync(IClusterStore store, string siloId, long killedAt, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                var silos = await store.GetSilosAsync(CancellationToken.None);
                if (silos.Any(s => s.SiloId == siloId && s.Status == SiloStatus.Dead)) return Latencies.Ms(Stopwatch.GetTimestamp() - killedAt) / 1000;
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }
}
