using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;
using Synth.Core.Streams;
using Synth.Grains.Streams;
using Synth.Bench;
using Synth.Silo.Hosting;

// streams SCHEMA [--rows N] [--repeat R] [--streams K] [--seconds S] [--skip-many] [--postgres CONN] [--failover-runs N]
// streams silo CONN NAME SILO_PORT GATEWAY_PORT DIR      (a silo process of (c))
if (args.Length == 6 && args[0] == "silo") return await BenchSilo.RunAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), args[5]);
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: streams SCHEMA [--rows N] [--repeat R] [--streams K] [--seconds S] [--skip-many] [--postgres CONN] [--failover-runs N]");
    return 2;
}
var schemaText = File.ReadAllText(args[0]);
long rows = 10_000_000;
int streams = 10_000, seconds = 60, failoverRuns = 3, repeat = 1;
var many = true;
string? postgres = null;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--streams": streams = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--skip-many": many = false; break;
        case "--postgres": postgres = args[++i]; break;
        case "--failover-runs": failoverRuns = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"streams: unknown option {args[i]}"); return 2;
    }
}
Console.WriteLine($"streams of {Path.GetFileName(args[0])}; {Environment.ProcessorCount} cores; load {Load()}");
using var work = new TempDir();

// (b) first, so that the peak memory it reports is its own, not (a)'s.
var clock = Stopwatch.StartNew();
using var host = Embedded(work.Path);
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

// ---- (b) many slow streams on one silo
if (many)
{
    Console.WriteLine();
    Console.WriteLine($"(b) {streams:N0} streams at 1 record/s each on one silo for {seconds} s (starting them: load {Load()})");
    var process = Process.GetCurrentProcess();
    var ids = Enumerable.Range(0, streams).Select(_ => StreamIds.New()).ToArray();
    clock.Restart();
    await Parallel.ForEachAsync(Enumerable.Range(0, streams), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
    {
        await grains.GetGrain<IStreamerGrain>(ids[i]).StartAsync(new StreamSpec { SchemaText = schemaText, Seed = (ulong)i, Rate = 1, BatchSize = 1, Format = "jsonl", RollSeconds = 3600 });
    });
    var startSeconds = clock.Elapsed.TotalSeconds;
    var cpuBefore = process.TotalProcessorTime;
    clock.Restart();
    // Every batch's lateness, pooled over all streams, as the grains report it to their metric.
    var pooled = new LatencyHistogram();
    var (allocatedBefore, pausedBefore, gen2Before) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(2));
    using (var listener = new MeterListener())
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "synth.stream.lateness") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (pooled) pooled.Record((long)(seconds * TimeSpan.TicksPerSecond));
        });
        listener.Start();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
    }
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
    var (allocated, paused, gen2) = (GC.GetTotalAllocatedBytes() - allocatedBefore, GC.GetTotalPauseDuration() - pausedBefore, GC.CollectionCount(2) - gen2Before);
    var infos = (await Task.WhenAll(ids.Select(id => grains.GetGrain<IStreamerGrain>(id).GetAsync()))).Select(s => s!).ToList();
    var lateness = infos.Select(s => s.LatenessP99Ms ?? double.PositiveInfinity).Order().ToArray();
    // Each stream says what it made and what was due by its schedule (record n, n seconds after its creation) but not made yet.
    var emitted = infos.Sum(s => (double)s.Made);
    var asked = infos.Sum(s => (double)s.Made + s.Behind);
    await Task.WhenAll(ids.Select(id => grains.GetGrain<IStreamerGrain>(id).StopAsync()));
    Console.WriteLine($"    started {streams:N0} in {startSeconds:N1} s; achieved {emitted / asked * 100:F1} % of the asked rate ({emitted:N0} of {asked:N0} records)");
    Console.WriteLine($"    lateness of all {pooled.Count:N0} batches: p50 {pooled.Percentile(0.5):F2} ms, p99 {pooled.Percentile(0.99):F2} ms, p99.9 {pooled.Percentile(0.999):F2} ms");
    Console.WriteLine($"    each stream's own p99 (its batches of the last minute): median stream {lateness[lateness.Length / 2]:F1} ms, p99 stream {lateness[(int)(lateness.Length * 0.99)]:F1} ms");
    Console.WriteLine($"    CPU {cpu * 100:F0} % of one core; peak memory {PeakMb():N0} MB (VmHWM of the process, silo and bench together)");
    Console.WriteLine($"    GC: {allocated / (double)Math.Max(1, pooled.Count):N0} bytes allocated per batch, {paused.TotalMilliseconds:N0} ms paused in {seconds} s, {gen2} full collections");
    Console.WriteLine("    targets: >= 99 % of the asked rate, p99 lateness < 100 ms, under 1 GB");
}

// ---- (a) one stream flat out
// Every contender runs once first (a tenth of the records), so that each is measured with its code compiled (tiered JIT) and its pools grown, whatever ran before.
var warmUp = Math.Max(1, rows / 10);
SynthRun(schemaText, warmUp, threads: Environment.ProcessorCount, durable: false, Path.Combine(work.Path, "warm.csv"));
await RunStreamAsync(grains, new StreamSpec { SchemaText = schemaText, Seed = 42, Rate = null, BatchSize = 4096, Format = "csv", Limit = warmUp, RollRecords = 1_000_000, RollSeconds = 3600 });
await RunStreamAsync(grains, new StreamSpec { SchemaText = schemaText, Seed = 42, Rate = null, BatchSize = 4096, Format = "csv", Limit = warmUp, Sinks = [new SinkSpec { Kind = "discard" }] });
var concepts = StreamConcepts.Compile(SchemaText.Parse(schemaText), DriftPlan.None, 42);
var discard = new ArrayBufferWriter<byte>(1 << 22);
var writer = new StreamRecordWriter(concepts, "csv");
// Each contender once per round, the rounds one after the other, and the best of each kept: on a
// shared virtual machine the same contender moves by tens of percent between runs, and interleaving
// gives each the same chances.
Measured core = default, run1 = default, runAll = default, runDurable = default, grain = default, discarded = default;
long bytes = 0;
int files = 0;
// The file sink against synth run in the same round: a paired figure, which the machine's drift between rounds moves less.
var roundRatios = new List<double>();
for (var round = 0; round < repeat; round++)
{
    clock.Restart();
    for (long s = 0; s < rows; s += 4096)
    {
        writer.Write(s, (int)Math.Min(4096, rows - s), discard);
        discard.ResetWrittenCount();
    }
    core = core.Best(new Measured(rows / clock.Elapsed.TotalSeconds, 0));
    run1 = run1.Best(SynthRun(schemaText, rows, threads: 1, durable: false, Path.Combine(work.Path, "run1.csv")));
    var runThisRound = SynthRun(schemaText, rows, threads: Environment.ProcessorCount, durable: false, Path.Combine(work.Path, "runN.csv"));
    runAll = runAll.Best(runThisRound);
    // The file sink acknowledges a file once it is on disk (fsync'd before it is published), so that a
    // failover never resumes after records a crash of the machine lost: synth run does not wait for the disk.
    runDurable = runDurable.Best(SynthRun(schemaText, rows, threads: Environment.ProcessorCount, durable: true, Path.Combine(work.Path, "runD.csv")));
    StreamInfo? info = null;
    var grainThisRound = await TimedAsync(rows, async () => info = await RunStreamAsync(grains, new StreamSpec { SchemaText = schemaText, Seed = 42, Rate = null, BatchSize = 4096, Format = "csv", Limit = rows, RollRecords = 1_000_000, RollSeconds = 3600 }));
    grain = grain.Best(grainThisRound);
    roundRatios.Add(grainThisRound.Rate / runThisRound.Rate);
    bytes = info!.Files.Sum(f => f.Bytes);
    files = info.Files.Count;
    foreach (var file in Directory.EnumerateFiles(Path.Combine(work.Path, "artifacts"), "*.csv", SearchOption.AllDirectories)) File.Delete(file);
    discarded = discarded.Best(await TimedAsync(rows, () => RunStreamAsync(grains, new StreamSpec { SchemaText = schemaText, Seed = 42, Rate = null, BatchSize = 4096, Format = "csv", Limit = rows, Sinks = [new SinkSpec { Kind = "discard" }] })));
}
var disk = DiskWriteRate(bytes, Path.Combine(work.Path, "disk.bin"));
Console.WriteLine();
Console.WriteLine($"(a) one stream flat out, {rows:N0} records of CSV ({bytes / 1e6:N0} MB){(repeat > 1 ? $", best of {repeat} interleaved rounds" : "")}");
Console.WriteLine($"    Core stream writer, 1 thread, discarded        {core.Rate,12:N0} records/s");
Console.WriteLine($"    StreamerGrain to a discard sink                 {discarded.Rate,12:N0} records/s   / synth run {Environment.ProcessorCount} threads = {discarded.Rate / runAll.Rate:F2}; {discarded.CpuSeconds:F1} CPU-s");
Console.WriteLine($"    StreamerGrain to its file sink                  {grain.Rate,12:N0} records/s   ({files} files, each fsync'd before it counts; {grain.CpuSeconds:F1} CPU-s)");
Console.WriteLine($"    synth run, 1 thread, to a file                  {run1.Rate,12:N0} rows/s      file sink / run = {grain.Rate / run1.Rate:F2}; {run1.CpuSeconds:F1} CPU-s");
Console.WriteLine($"    synth run, {Environment.ProcessorCount} threads, to a file                 {runAll.Rate,12:N0} rows/s      file sink / run = {grain.Rate / runAll.Rate:F2}; {runAll.CpuSeconds:F1} CPU-s");
Console.WriteLine($"    synth run, {Environment.ProcessorCount} threads, to a file, fsync'd        {runDurable.Rate,12:N0} rows/s      file sink / run = {grain.Rate / runDurable.Rate:F2}; {runDurable.CpuSeconds:F1} CPU-s");
if (repeat > 1)
{
    var ordered = roundRatios.Order().ToList();
    var median = ordered.Count % 2 == 1 ? ordered[ordered.Count / 2] : (ordered[ordered.Count / 2 - 1] + ordered[ordered.Count / 2]) / 2;
    Console.WriteLine($"    file sink / synth run {Environment.ProcessorCount} threads, round by round: {string.Join(", ", roundRatios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; median {median:F2}");
}
Console.WriteLine($"    the disk alone: {bytes / 1e6:N0} MB written and fsync'd at {disk / 1e6:N0} MB/s = {disk / (bytes / (double)rows),12:N0} records/s at most to a durable file");
Console.WriteLine($"    targets: >= 1,000,000 records/s to a file, >= 0.8 x synth run");

await host.StopAsync();

// ---- (c) the gap after kill -9 of the silo holding a stream
if (postgres is not null)
{
    Console.WriteLine();
    Console.WriteLine($"(c) kill -9 of the silo holding a stream: 2 silo processes on PostgreSQL, a stream at 1,000 records/s into a webhook of this process, nobody calling it; {failoverRuns} runs (load {Load()})");
    for (var run = 1; run <= failoverRuns; run++)
    {
        await using var cluster = await PostgresCluster.StartAsync(postgres, 2);
        using var receiver = new WebhookCounter();
        var victimStream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await victimStream.StartAsync(new StreamSpec
        {
            SchemaText = schemaText, Seed = 7, Rate = 1000, BatchSize = 100, Format = "jsonl",
            Sinks = [new SinkSpec { Kind = "webhook", Url = receiver.Url }],
        });
        while (receiver.Contiguous < 3_000) await Task.Delay(20);
        var holder = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(victimStream);
        var last = receiver.Contiguous;
        var killed = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-9", cluster.SiloAt(holder!.Endpoint.Port).Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        // No call to the stream: it must come back by itself (the surviving silo's keeper).
        while (receiver.Contiguous <= last && killed.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(5);
        var resumed = killed.Elapsed.TotalSeconds;
        await Task.Delay(2_000);
        await victimStream.StopAsync();
        Console.WriteLine($"    run {run}: new records {resumed:F2} s after the kill; {receiver.Contiguous:N0} records with no gap of {receiver.Highest + 1:N0}; {receiver.Duplicates:N0} delivered twice (batches after the checkpoint)");
    }
    Console.WriteLine("    target: resumed within 10 s, no gap");
}
return 0;

// Starts a stream and waits until it stopped by itself (its limit reached).
static async Task<StreamInfo> RunStreamAsync(IGrainFactory grains, StreamSpec spec)
{
    var stream = grains.GetGrain<IStreamerGrain>(StreamIds.New());
    await stream.StartAsync(spec);
    StreamInfo info;
    while ((info = (await stream.GetAsync())!).Status != StreamStatus.Stopped) await Task.Delay(20);
    return info;
}

// The records/s and CPU seconds of a stream run to its limit.
static async Task<Measured> TimedAsync(long rows, Func<Task> run)
{
    var cpuAt = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await run();
    return new Measured(rows / clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuAt).TotalSeconds);
}

static Measured SynthRun(string schemaText, long rows, int threads, bool durable, string path)
{
    var cpuAt = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    // As synth run opens its output (AtomicFile: a new file, never truncated).
    using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
    {
        GenerationRunner.Run(CompiledSchema.Compile(SchemaReader.Read(schemaText), 42, rows), OutputFormats.Create("csv", new FormatOptions()), rows, file,
            new GenerationOptions { Threads = threads });
        if (durable) file.Flush(flushToDisk: true);
    }
    var rate = rows / clock.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAt).TotalSeconds;
    File.Delete(path);
    return new Measured(rate, cpu);
}

// How fast this machine's disk takes bytes for good: written in 1 MiB pieces, then fsync'd (bytes/s).
static double DiskWriteRate(long bytes, string path)
{
    var piece = new byte[1 << 20];
    Random.Shared.NextBytes(piece);
    var clock = Stopwatch.StartNew();
    using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1))
    {
        for (long written = 0; written < bytes; written += piece.Length) file.Write(piece, 0, (int)Math.Min(piece.Length, bytes - written));
        file.Flush(flushToDisk: true);
    }
    var rate = bytes / clock.Elapsed.TotalSeconds;
    File.Delete(path);
    return rate;
}

static IHost Embedded(string directory)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Synth:DataDirectory"] = directory,
        ["Synth:Artifacts:Local:RootDirectory"] = Path.Combine(directory, "artifacts"),
    });
    builder.AddSynthSilo();
    return builder.Build();
}

static string Load() => File.ReadAllText("/proc/loadavg").Trim();

static double PeakMb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }
    return double.NaN;
}

/// <summary>A contender's rate and the CPU seconds it took.</summary>
internal readonly record struct Measured(double Rate, double CpuSeconds)
{
    public Measured Best(Measured other) => other.Rate > Rate ? other : this;
}
