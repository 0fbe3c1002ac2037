using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Synth.Grains.Audit;
using Synth.Silo.Audit;
using Synth.Silo.Postgres;

// bench/audit [POSTGRES_CONNECTION_STRING] [EVENTS]: records EVENTS events (default 200,000) from 8
// callers through the AuditWriter into a SQLite file, then (with a connection string) into
// PostgreSQL; prints events/s (until every event is stored) and the mean and worst time one
// RecordAsync call held its caller: flat out (the queue fills: the figure is back-pressure) and in
// a burst that fits in the queue (what a request pays at ordinary rates).
var postgres = args.Length > 0 && args[0].Length > 0 ? args[0] : null;
var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
const int Callers = 8;

Console.WriteLine($"audit writer, {events:N0} events from {Callers} callers (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
var directory = Directory.CreateTempSubdirectory("synth-bench-audit-");
try
{
    await MeasureAsync("sqlite (NORMAL)", new SqliteAuditStore(Path.Combine(directory.FullName, "cluster.db")), events);
    await MeasureAsync("sqlite, burst", new SqliteAuditStore(Path.Combine(directory.FullName, "cluster.db")), 8_000);
    if (postgres is not null)
    {
        await new PostgresMigrator(postgres).MigrateAsync();
        await using var store = new PostgresAuditStore(postgres);
        await MeasureAsync("postgresql", store, events);
        await MeasureAsync("postgresql, burst", store, 8_000);
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    directory.Delete(recursive: true);
}

async Task MeasureAsync(string name, IAuditStore store, int events)
{
    var writer = new AuditWriter(store, Options.Create(new AuditOptions()), NullLogger<AuditWriter>.Instance);
    await writer.StartAsync(CancellationToken.None);
    var perCaller = events / Callers;
    var held = new double[Callers];
    var worst = new double[Callers];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
    {
        for (var i = 0; i < perCaller; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await writer.RecordAsync(AuditEvent.Create($"user-{c}", "user", AuditActions.JobSubmitted, $"job:{c}-{i}", AuditEvent.Ok, "127.0.0.1", "bench"));
            var micros = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            held[c] += micros;
            worst[c] = Math.Max(worst[c], micros);
        }
    })));
    var recorded = clock.Elapsed.TotalSeconds;
    await writer.StopAsync(CancellationToken.None); // returns once everything queued is stored
    var stored = clock.Elapsed.TotalSeconds;
    var total = perCaller * Callers;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-18} {total / stored,10:N0} events/s stored   recording: {held.Sum() / total,6:N2} µs mean, {worst.Max() / 1000,7:N1} ms worst   (all recorded in {recorded:N2} s, stored in {stored:N2} s)"));
}
