using System.Text.Json;
using Synth.Bench.Runtime;

// Synth.Runtime benchmark driver (bench/run runtime runs it; see bench/README.md). Progress goes
// to stderr; each measuring mode prints one JSON line with its results on stdout.
const string Usage = """
    usage: Synth.Bench.Runtime MODE [options]

      calls    --provider sqlite|postgres [--silos N] [--clients C] [--keys K] [--seconds S]
               [--warmup S] [--grain counter|echo] [--idle S] [--postgres CONN]
               N in-process silos (one store each, same database), C concurrent callers on the
               clients of all silos, grains on K keys: calls/s and p50/p99/max latency.
               counter = Add(1) with a durable state write per call; echo = no state.
               Defaults: 1 silo, 32 callers, 64 keys, 10 s after a 5 s warm-up, counter.
               --idle S first measures the CPU of the idle cluster (driver and PostgreSQL backends).
      streams  --provider sqlite|postgres [--rate R] [--seconds S] [--warmup S] [--postgres CONN]
               appender on one silo, subscriber on another: end-to-end event latency at R
               events/s (default 200 for 10 s after 2 s).
      failover [--repeats N] [--give-up S] [--postgres CONN]
               two silo processes with default SiloOptions; kill -9 the grain's host and time
               kill → first answer from the other silo, N rounds (default 3).
      silo     --postgres CONN [--name NAME] [--parent-pid PID]
               one silo hosting the bench grains; prints "ready <silo id>", runs until killed.

    PostgreSQL: CONN (or SYNTH_TEST_PG_CONNSTRING) names a server where the bench may CREATE
    DATABASE; every run creates a fresh database there and drops it at the end.
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var mode = args[0];
    var rest = args.Skip(1);
    Dictionary<string, object?> result;
    switch (mode)
    {
        case "calls":
            result = await CallsBench.RunAsync(new Args(rest, new HashSet<string> { "provider", "silos", "clients", "keys", "seconds", "warmup", "grain", "postgres", "idle" }));
            break;
        case "streams":
            result = await StreamsBench.RunAsync(new Args(rest, new HashSet<string> { "provider", "rate", "seconds", "warmup", "postgres" }));
            break;
        case "failover":
            result = await FailoverBench.RunAsync(new Args(rest, new HashSet<string> { "repeats", "give-up", "postgres" }));
            break;
        case "silo":
            return await SiloHost.RunAsync(new Args(rest, new HashSet<string> { "postgres", "name", "parent-pid" }));
        default:
            throw new ArgumentException($"unknown mode '{mode}'");
    }
    Console.WriteLine(JsonSerializer.Serialize(result));
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Synth.Bench.Runtime: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine($"Synth.Bench.Runtime: failed: {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e.ToString().Replace("\n", "\n    | ", StringComparison.Ordinal));
    return 1;
}
