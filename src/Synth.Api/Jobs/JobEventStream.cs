using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Synth.Api.Problems;
using Synth.Grains.Jobs;
using Orleans;

namespace Synth.Api.Jobs;

/// <summary>
/// <c>GET /jobs/{id}/events?after=N</c>: the job's progress as server-sent events, read from the
/// job grain (<see cref="IJobGrain.ReadProgressAsync"/>). Every event after sequence N that the job
/// still has is replayed, then new ones follow as they come; each carries its
/// stream sequence as <c>id:</c>, so a browser's EventSource resumes exactly where it stopped
/// (it sends <c>Last-Event-ID</c>, which wins over <c>after</c>). The stream ends after the event that
/// carries a final status, and when the job is deleted.
/// </summary>
internal static partial class JobEventStream
{
    public const string EventName = "progress";

    /// <summary>A comment line at least this often keeps proxies from closing a quiet stream (a queued job can be quiet for long).</summary>
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

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
        var info = await JobsApi.VisibleAsync(grains, id, context);
        if (info is null) return JobsApi.NoSuchJob(id);
        return new Result(id, afterSequence);
    }

    private sealed class Result(string jobId, long afterSequence) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var services = context.RequestServices;
            var job = services.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(jobId);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JobEventStream));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            var token = stop.Token;

            var response = context.Response;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events through as they come
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var after = afterSequence;
            try
            {
                await response.Body.FlushAsync(token); // headers out now: the client knows the stream is open
                while (true)
                {
                    JobProgressPage page;
                    try
                    {
                        // A long poll on the job grain: it answers as soon as an event comes, or empty after the wait.
                        page = await job.ReadProgressAsync(after, KeepAlivePeriod).WaitAsync(token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The job's silo went away: its next activation answers (events are snapshots, numbered above these).
                        LogReadFailed(logger, e, jobId);
                        await Task.Delay(RetryDelay, token);
                        continue;
                    }
                    foreach (var e in page.Events)
                    {
                        await response.WriteAsync(Format(e.Sequence, e.Event, json), token);
                        after = e.Sequence;
                        if (e.Event.Status.IsFinal())
                        {
                            await response.Body.FlushAsync(token);
                            return;
                        }
                    }
                    // A deleted job, or a final one with nothing left after the client's sequence: no event will come.
                    if (page.Ended) return;
                    if (page.Events.Count == 0) await response.WriteAsync(": keep-alive\n\n", token);
                    await response.Body.FlushAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The client left or the server is stopping: the client resumes with Last-Event-ID.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "progress of job {JobId}: a read failed; reading again")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string jobId);
}
