using System.Diagnostics;
using System.Text.Json;
using Synth.Runtime.Calls;
using Synth.Runtime.Hosting;

namespace Synth.Bench.Runtime;

/// <summary>
/// Calls/s and latency: C concurrent callers, spread over the clients of all N silos, call
/// grains on K keys as fast as they get replies, for S seconds after a warm-up.
/// </summary>
public static class CallsBench
{
    public static async Task<Dictionary<string, object?>> RunAsync(Args args)
    {
        var provider = args.Text("provider") ?? throw new ArgumentException("--provider sqlite|postgres is required");
        var silos = args.Int("silos", 1);
        var clients = args.Int("clients", 32);
        var keys = args.Int("keys", 64);
        var seconds = args.Seconds("seconds", 10);
        var warmup = args.Seconds("warmup", 5);
        var grain = args.Text("grain", "counter")!;
        if (grain is not ("counter" or "echo")) throw new ArgumentException($"--grain must be counter or echo, not '{grain}'");

        await using var database = await BenchDatabase.CreateAsync(provider, args.Text("postgres") ?? Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING"), "calls");
        BenchLog.Progress($"calls: {provider}, {silos} silo(s), {clients} callers, {keys} key(s), {grain} grain; starting the silos");
        await using var cluster = await BenchCluster.StartAsync(database, silos);

        // One proxy per (silo client, key); caller i uses the client of silo i mod N.
        Func<int, Task> Call(ClusterClient client, int key) => grain == "counter"
            ? BenchCall(client.Get<IBenchGrain>($"k{key}"))
            : EchoCall(client.Get<IEchoGrain>($"k{key}"));
        var calls = cluster.Silos.Select(s => Enumerable.Range(0, keys).Select(k => Call(s.Client, k)).ToArray()).ToArray();

        // What the cluster costs with no calls at all (heartbeats, reminder polls, listeners).
        Dictionary<string, object?>? idle = null;
        var idleSeconds = args.Seconds("idle", 0);
        if (idleSeconds > 0)
        {
            var idleCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var idlePg0 = await database.BackendCpuAsync();
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
            idle = new Dictionary<string, object?>
            {
                ["seconds"] = idleSeconds,
                ["bench_process_cpu_seconds"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - idleCpu0).TotalSeconds, 2),
                ["postgres_backend_cpu_seconds"] = provider == "postgres" ? Math.Round(BenchDatabase.CpuBetween(idlePg0, await database.BackendCpuAsync()), 2) : null,
            };
            BenchLog.Progress($"idle cluster for {idleSeconds:0.#} s: {JsonSerializer.Serialize(idle)}");
        }

        // Activate every key once, so activation and placement are not measured.
        var errors = new ErrorCounter();
        var activate = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, keys).Select(k => calls[k % silos][k](k)));
        BenchLog.Progress($"activated {keys} grain(s) in {activate.Elapsed.TotalSeconds:F1} s; warm-up {warmup:0.#} s");
        long succeeded = keys;
        succeeded += await PhaseAsync(calls, clients, warmup, null, errors);

        var capacity = (int)Math.Min(16_000_000, Math.Max(100_000, seconds * 100_000));
        var latencies = new Latencies(capacity);
        var warmupErrors = errors.Total;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var pg0 = await database.BackendCpuAsync();
        BenchLog.Progress($"measuring {seconds:0.#} s");
        var clock = Stopwatch.StartNew();
        var measured = await PhaseAsync(calls, clients, seconds, latencies, errors);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var pgCpu = provider == "postgres" ? BenchDatabase.CpuBetween(pg0, await database.BackendCpuAsync()) : (double?)null;
        succeeded += measured;
        var summary = latencies.Summarize();

        // Durable state check: every successful Add(1) must be in the counters, exactly once.
        long? stored = null;
        if (grain == "counter")
        {
            var client = cluster.Silos[0].Client;
            var counts = await Task.WhenAll(Enumerable.Range(0, keys).Select(k => client.Get<IBenchGrain>($"k{k}").Get()));
            stored = counts.Sum();
        }
        var activations = cluster.Silos.Select(s => s.ActivationCount).ToArray();
        var rate = measured / elapsed;
        BenchLog.Progress($"{measured:N0} calls in {elapsed:F2} s = {rate:N0} calls/s; p50 {summary.P50:F2} ms, p99 {summary.P99:F2} ms, max {summary.Max:F1} ms; " +
                          $"errors {errors.Total}; activations per silo [{string.Join(", ", activations)}]; CPU s: bench {cpu:F1}" + (pgCpu is null ? "" : $", postgres {pgCpu:F1}"));
        if (stored is not null && stored != succeeded)
        {
            BenchLog.Progress($"state check: the counters hold {stored:N0}, {succeeded:N0} Add(1) calls succeeded" +
                              (errors.Total > 0 ? " (failed calls may still have been applied: a call is durable once accepted)" : " — MISMATCH"));
        }

        return new Dictionary<string, object?>
        {
            ["mode"] = "calls",
            ["provider"] = provider,
            ["silos"] = silos,
            ["clients"] = clients,
            ["keys"] = keys,
            ["grain"] = grain,
            ["warmup_seconds"] = warmup,
            ["seconds"] = Math.Round(elapsed, 3),
            ["calls"] = measured,
            ["calls_per_sec"] = Math.Round(rate, 1),
            ["p50_ms"] = Round(summary.P50),
            ["p99_ms"] = Round(summary.P99),
            ["max_ms"] = Round(summary.Max),
            ["mean_ms"] = Round(summary.Mean),
            ["latency_samples"] = summary.Samples,
            ["errors"] = errors.Total - warmupErrors,
            ["warmup_errors"] = warmupErrors,
            ["error_kinds"] = errors.Counts,
            ["runtime_warnings"] = cluster.Log.Total,
            ["runtime_warning_kinds"] = cluster.Log.Counts,
            ["activations_per_silo"] = activations,
            ["bench_process_cpu_seconds"] = Math.Round(cpu, 2),
            ["postgres_backend_cpu_seconds"] = pgCpu is null ? null : Math.Round(pgCpu.Value, 2),
            ["idle"] = idle,
            ["state_check"] = stored is null ? null : new Dictionary<string, object?>
            {
                ["stored_total"] = stored,
                ["successful_adds"] = succeeded,
                ["ok"] = stored == succeeded,
            },
        };
    }

    private static Func<int, Task> BenchCall(IBenchGrain grain) => _ => grain.Add(1);

    private static Func<int, Task> EchoCall(IEchoGrain grain) => v => grain.Echo(v);

    /// <summary>Runs the callers for <paramref name="seconds"/> (each stops starting calls then); returns the successful calls.</summary>
    private static async Task<long> PhaseAsync(Func<int, Task>[][] calls, int clients, double seconds, Latencies? latencies, ErrorCounter errors)
    {
        if (seconds <= 0) return 0;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = calls[c % calls.Length];
            var random = new Random(c);
            long ok = 0;
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= end) return ok;
                try
                {
                    var k = random.Next(mine.Length);
                    await mine[k](k).ConfigureAwait(false);
                    latencies?.Add(Stopwatch.GetTimestamp() - t0);
                    ok++;
                }
                catch (Exception e)
                {
                    errors.Record(e);
                }
            }
        })).ToArray();
        return (await Task.WhenAll(callers)).Sum();
    }

    public static double? Round(double ms) => double.IsNaN(ms) ? null : Math.Round(ms, 3);
}
