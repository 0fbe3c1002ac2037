using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Orleans;
using Synth.Api.Problems;
using Synth.Core.Streams;
using Synth.Grains.Streams;

namespace Synth.Api.Streams;

/// <summary>
/// <c>GET /streams/{id}/events?after=N</c>: the stream's records as server-sent events, one record per
/// event (<c>event: record</c>, <c>id:</c> its sequence number, <c>data:</c> the record as JSON). A record
/// is a pure function of the stream's definition and its number, so this endpoint makes the records
/// itself from the definition, as far as the stream has made them (<see cref="StreamInfo.Made"/>):
/// any past record can be replayed and a client resumes exactly after <c>Last-Event-ID</c> (which wins
/// over <c>after</c>), without the grain holding anything for it. Without either, it starts with the
/// next record made. It ends once a stopped stream's last record is sent.
/// </summary>
internal static class StreamEventStream
{
    public const string EventName = "record";

    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(200);

    /// <summary>At most this many records per write: memory stays bounded however far behind the client is.</summary>
    private const int MaxRecordsPerWrite = 4096;

    public static async Task<IResult> HandleAsync(HttpContext context, string id, string? after, IGrainFactory grains)
    {
        if (!StreamIds.IsValid(id)) return StreamsApi.BadId(id);
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var (field, value) = lastEventId.Length > 0 ? ("Last-Event-ID", lastEventId) : ("after", after);
        long? afterSequence = null;
        if (!string.IsNullOrEmpty(value))
        {
            if (value == "-1") afterSequence = -1;
            else if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) afterSequence = parsed;
            else return ApiProblems.Invalid(field, $"'{value}' is not a record's sequence number (0, 1, 2, …; -1 for all)");
        }
        // Another user's stream is answered as one that does not exist.
        var stream = await StreamsApi.VisibleAsync(grains, id, context);
        if (stream is null) return StreamsApi.NoSuchStream(id);
        return new Result(stream, afterSequence ?? stream.Made - 1);
    }

    private sealed class Result(StreamInfo stream, long afterSequence) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var services = context.RequestServices;
            var grain = services.GetRequiredService<IGrainFactory>().GetGrain<IStreamerGrain>(stream.Id);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            var token = stop.Token;
            var writer = StreamDefinition.Records(stream.Spec, stream.PlanChanges ?? [], "jsonl", MaxRecordsPerWrite);
            var records = new ArrayBufferWriter<byte>(1 << 16);
            var events = new ArrayBufferWriter<byte>(1 << 16);

            var response = context.Response;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var next = afterSequence + 1;
            var info = stream;
            try
            {
                await response.Body.FlushAsync(token);
                while (true)
                {
                    while (next < info.Made)
                    {
                        var count = (int)Math.Min(MaxRecordsPerWrite, info.Made - next);
                        records.ResetWrittenCount();
                        writer.Write(next, count, records);
                        events.ResetWrittenCount();
                        Frame(records.WrittenSpan, next, events);
                        await response.Body.WriteAsync(events.WrittenMemory, token);
                        next += count;
                    }
                    await response.Body.FlushAsync(token);
                    if (info.Status == StreamStatus.Stopped) return;
                    await Task.Delay(PollPeriod, token);
                    var previous = info;
                    info = await grain.GetAsync().WaitAsync(token) ?? info with { Status = StreamStatus.Stopped };
                    // A new drift plan took over: the records from its first one on come from it.
                    if (info.PlanChanges?.Count != previous.PlanChanges?.Count) writer = StreamDefinition.Records(info.Spec, info.PlanChanges ?? [], "jsonl", MaxRecordsPerWrite);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The client left or the server is stopping: the client resumes with Last-Event-ID.
            }
        }

        /// <summary>One event per JSON line (JSON has no raw line breaks, so one data: line carries a record).</summary>
        private static void Frame(ReadOnlySpan<byte> lines, long first, IBufferWriter<byte> output)
        {
            var sequence = first;
            while (lines.Length > 0)
            {
                var end = lines.IndexOf((byte)'\n');
                var line = end < 0 ? lines : lines[..end];
                Write(output, "id: "u8);
                sequence.TryFormat(output.GetSpan(20), out var digits, default, CultureInfo.InvariantCulture);
                output.Advance(digits);
                Write(output, "\nevent: record\ndata: "u8);
                Write(output, line);
                Write(output, "\n\n"u8);
                sequence++;
                lines = end < 0 ? [] : lines[(end + 1)..];
            }
        }

        private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output.GetSpan(bytes.Length));
            output.Advance(bytes.Length);
        }
    }
}
