using System.Buffers.Binary;
using System.Diagnostics;

namespace Synth.Bench.Runtime;

/// <summary>
/// End-to-end latency of grain stream events: an appender on one silo appends at a steady rate,
/// the payload carrying the send timestamp; a subscriber on another silo stamps each arrival.
/// Both silos are in this process, so they share one monotonic clock.
/// </summary>
public static class StreamsBench
{
    private const int PayloadBytes = 64;

    public static async Task<Dictionary<string, object?>> RunAsync(Args args)
    {
        var provider = args.Text("provider") ?? throw new ArgumentException("--provider sqlite|postgres is required");
        var seconds = args.Seconds("seconds", 10);
        var warmup = args.Seconds("warmup", 2);
        var rate = args.Int("rate", 200);

        await using var database = await BenchDatabase.CreateAsync(provider, args.Text("postgres") ?? Environment.GetEnvironmentVariable("SYNTH_TEST_PG_CONNSTRING"), "streams");
        BenchLog.Progress($"streams: {provider}, appender and subscriber on two silos, {rate} events/s; starting the silos");
        await using var cluster = await BenchCluster.StartAsync(database, 2);
        var subscriberStreams = cluster.Silos[0].Client.Streams;
        var appenderStreams = cluster.Silos[1].Client.Streams;
        const string streamId = "bench-stream";

        var warmupEvents = (int)Math.Ceiling(warmup * rate);
        var events = Math.Max(1, (int)Math.Round(seconds * rate));
        var latencies = new Latencies(events);
        var received = 0;
        long lastArrival = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var subscriber = Task.Run(async () =>
        {
            await foreach (var e in subscriberStreams.SubscribeAsync(streamId, 0, stop.Token).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var index = BinaryPrimitives.ReadInt32LittleEndian(e.Payload);
                var sent = BinaryPrimitives.ReadInt64LittleEndian(e.Payload.AsSpan(4));
                if (index < 0) continue; // warm-up
                latencies.Set(index, now - sent);
                lastArrival = now;
                if (Interlocked.Increment(ref received) == events) done.TrySetResult();
            }
        });

        var errors = new ErrorCounter();
        BenchLog.Progress($"warm-up {warmup:0.#} s ({warmupEvents} events)");
        await AppendAtRateAsync(appenderStreams, streamId, rate, warmupEvents, i => -1 - i, errors);
        BenchLog.Progress($"measuring {seconds:0.#} s ({events} events)");
        var firstSend = Stopwatch.GetTimestamp();
        var sendSeconds = await AppendAtRateAsync(appenderStreams, streamId, rate, events, i => i, errors);
        var complete = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(15))) == done.Task;
        await stop.CancelAsync();
        try
        {
            await subscriber;
        }
        catch (OperationCanceledException)
        {
        }

        var got = Volatile.Read(ref received);
        var summary = latencies.Summarize();
        var window = Latencies.Ms(Volatile.Read(ref lastArrival) - firstSend) / 1000;
        var deliveredRate = got > 0 && window > 0 ? got / window : 0;
        BenchLog.Progress($"{got:N0}/{events:N0} events delivered; sent at {events / sendSeconds:N0}/s, delivered {deliveredRate:N0}/s; " +
                          $"p50 {summary.P50:F2} ms, p99 {summary.P99:F2} ms, max {summary.Max:F1} ms" + (complete ? "" : " — MISSING EVENTS"));

        return new Dictionary<string, object?>
        {
            ["mode"] = "streams",
            ["provider"] = provider,
            ["silos"] = 2,
            ["target_rate"] = rate,
            ["seconds"] = Math.Round(window, 3),
            ["events_sent"] = events,
            ["events_received"] = got,
            ["send_seconds"] = Math.Round(sendSeconds, 3),
            ["events_per_sec"] = Math.Round(deliveredRate, 1),
            ["p50_ms"] = CallsBench.Round(summary.P50),
            ["p99_ms"] = CallsBench.Round(summary.P99),
            ["max_ms"] = CallsBench.Round(summary.Max),
            ["mean_ms"] = CallsBench.Round(summary.Mean),
            ["errors"] = errors.Total + (events - got),
            ["error_kinds"] = errors.Counts,
            ["runtime_warnings"] = cluster.Log.Total,
            ["runtime_warning_kinds"] = cluster.Log.Counts,
        };
    }

    /// <summary>Appends <paramref name="count"/> events on a fixed schedule (catching up without sleeping when late); returns the seconds taken.</summary>
    private static async Task<double> AppendAtRateAsync(Synth.Runtime.Streams.GrainStreams streams, string streamId, int rate, int count, Func<int, int> index, ErrorCounter errors)
    {
        var start = Stopwatch.GetTimestamp();
        var interval = (double)Stopwatch.Frequency / rate;
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            var payload = new byte[PayloadBytes];
            BinaryPrimitives.WriteInt32LittleEndian(payload, index(i));
            BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4), Stopwatch.GetTimestamp());
            try
            {
                await streams.AppendAsync(streamId, payload);
            }
            catch (Exception e)
            {
                errors.Record(e);
            }
        }
        return Latencies.Ms(Stopwatch.GetTimestamp() - start) / 1000;
    }
}
