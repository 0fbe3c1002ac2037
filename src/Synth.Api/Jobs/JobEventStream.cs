using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Synth.Api.Problems;
using Synth.Grains.Jobs;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;

namespace Synth.Api.Jobs;

/// <summary>
/// <c>GET /jobs/{id}/events?after=N</c>: the job's progress stream as server-sent events. Every
/// event after sequence N is replayed, then new ones follow as they are appended; each carries its
/// stream sequence as <c>id:</c>, so a browser's EventSource resumes exactly where it stopped
/// (it sends <c>Last-Event-ID</c>, which wins over <c>after</c>). The stream ends after the event that
/// carries a final status.
/// </summary>
internal static class JobEventStream
{
    public const string EventName = "progress";

    /// <summary>A comment line this often keeps proxies from closing a quiet stream (a queued job can be quiet for long).</summary>
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(15);

    public static async Task<IResult> HandleAsync(HttpContext context, string id, string? after, IGrainFactory grains)
    {
        if (!JobIds.IsValid(id)) return JobsApi.BadId(id);
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var (field, value) = lastEventId.Length > 0 ? ("Last-Event-ID", lastEventId) : ("after", after);
        long afterSequence = 0;
        if (!string.IsNullOrEmpty(value) && (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence)))
        {
            return ApiProblems.Invalid(field, $"'{value}' is not a stream sequence number (0, 1, 2, …)");
        }
        var info = await grains.Get<IJobGrain>(id).GetAsync();
        if (info is null) return JobsApi.NoSuchJob(id);
        return new Result(id, afterSequence, info.Status.IsFinal());
    }

    private sealed class Result(string jobId, long afterSequence, bool finishedAlready) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var services = context.RequestServices;
            var streamId = JobStreams.Progress(jobId);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            var token = stop.Token;

            var response = context.Response;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events through as they come
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            // A finished job appends nothing more: when nothing is left after the client's sequence, end now instead of waiting forever.
            if (finishedAlready && (await services.GetRequiredService<IClusterStore>().ReadEventsAsync(streamId, afterSequence, 1, token)).Count == 0)
            {
                await response.Body.FlushAsync(token);
                return;
            }

            var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var streams = services.GetRequiredService<ClusterClient>().Streams;
            var events = Channel.CreateBounded<StreamEvent>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
            var pump = PumpAsync(streams.SubscribeAsync(streamId, afterSequence, token), events.Writer, token);
            try
            {
                await response.Body.FlushAsync(token); // headers out now: the client knows the stream is open
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await events.Reader.WaitToReadAsync(token).AsTask().WaitAsync(KeepAlivePeriod, token);
                    }
                    catch (TimeoutException)
                    {
                        await response.WriteAsync(": keep-alive\n\n", token);
                        await response.Body.FlushAsync(token);
                        continue;
                    }
                    if (!more) return;
                    while (events.Reader.TryRead(out var e))
                    {
                        var progress = JobProgressEvent.FromBytes(e.Payload);
                        await response.WriteAsync(Format(e.Sequence, progress, json), token);
                        if (progress.Status.IsFinal())
                        {
                            await response.Body.FlushAsync(token);
                            return;
                        }
                    }
                    await response.Body.FlushAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The client left or the server is stopping: the client resumes with Last-Event-ID.
            }
            finally
            {
                await stop.CancelAsync();
                await pump;
            }
        }

        private static async Task PumpAsync(IAsyncEnumerable<StreamEvent> source, ChannelWriter<StreamEvent> target, CancellationToken token)
        {
            try
            {
                await foreach (var e in source.WithCancellation(token)) await target.WriteAsync(e, token);
                target.TryComplete();
            }
            catch (OperationCanceledException)
            {
                target.TryComplete();
            }
            catch (Exception e)
            {
                target.TryComplete(e);
            }
        }

        private static string Format(long sequence, JobProgressEvent progress, JsonSerializerOptions json)
        {
            // JSON has no raw line breaks, so one data: line carries the whole event.
            var text = new StringBuilder(256);
            text.Append("id: ").Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append("event: ").Append(EventName).Append('\n');
            text.Append("data: ").Append(JsonSerializer.Serialize(progress, json)).Append("\n\n");
            return text.ToString();
        }
    }
}
