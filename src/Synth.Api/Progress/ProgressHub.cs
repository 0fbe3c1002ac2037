using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Synth.Api.Access;
using Synth.Grains.Jobs;
using Synth.Grains.Streams;
using Orleans;

namespace Synth.Api.Progress;

/// <summary>
/// <c>/hubs/progress</c>: live job progress for dashboards. <c>Join(jobId, afterSequence)</c> sends
/// every event after <c>afterSequence</c>, then the live ones, in order with no gaps or repeats
/// (see <see cref="JobProgressRelay"/>); after a reconnect, join again with the last sequence seen.
/// <c>WatchStream(streamId)</c> is a SignalR stream of <see cref="StreamSample"/>s, one a second:
/// the live rate, the sinks' health and the last rows made.
/// Connecting needs an authenticated caller (the API's fallback policy); a user joins and watches only their own.
/// </summary>
public sealed class ProgressHub(JobProgressRelay relay, IGrainFactory grains) : Hub<IProgressClient>
{
    public const string Path = "/hubs/progress";

    public async Task Join(string jobId, long afterSequence)
    {
        if (jobId is null || !JobIds.IsValid(jobId)) throw new HubException($"'{jobId}' is not a job id ('j' and 20 lowercase hex digits)");
        if (afterSequence < 0) throw new HubException("afterSequence must be 0 (from the start) or the last sequence received");
        // Another user's job is answered as one that does not exist.
        if (await grains.GetGrain<IJobGrain>(jobId).GetAsync() is not { } job || !Caller.Of(Context.User!).CanSee(job.Spec.Owner))
        {
            throw new HubException($"no job has id {jobId}");
        }
        await relay.JoinAsync(Context.ConnectionId, jobId, afterSequence, Context.ConnectionAborted);
    }

    /// <summary>A sample of the stream now and then every second, until it stops or the caller leaves.</summary>
    public async IAsyncEnumerable<StreamSample> WatchStream(string streamId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (streamId is null || !StreamIds.IsValid(streamId)) throw new HubException($"'{streamId}' is not a stream id ('s' and 20 lowercase hex digits)");
        var grain = grains.GetGrain<IStreamerGrain>(streamId);
        // Another user's stream is answered as one that does not exist.
        if (await grain.GetAsync() is not { } info || !Caller.Of(Context.User!).CanSee(info.Spec.Owner)) throw new HubException($"no stream has id {streamId}");
        StreamRecords? records = null;
        var plans = -1;
        var rows = new ArrayBufferWriter<byte>(4096);
        (long Made, long At)? previous = null;
        while (true)
        {
            if ((info.PlanChanges?.Count ?? 0) != plans)
            {
                records = StreamDefinition.Records(info.Spec, info.PlanChanges ?? [], "jsonl", SampleRows);
                plans = info.PlanChanges?.Count ?? 0;
            }
            var now = Stopwatch.GetTimestamp();
            double? perSecond = previous is { } p ? (info.Made - p.Made) / Stopwatch.GetElapsedTime(p.At, now).TotalSeconds : null;
            previous = (info.Made, now);
            var count = (int)Math.Min(SampleRows, info.Made);
            rows.ResetWrittenCount();
            records!.Write(info.Made - count, count, rows);
            yield return new StreamSample(info.Id, info.Status, info.Rate, perSecond, info.Made, info.Emitted, info.Behind, info.LatenessP99Ms, info.Error,
                info.Sinks ?? [], Encoding.UTF8.GetString(rows.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries), DateTimeOffset.UtcNow);
            if (info.Status == StreamStatus.Stopped) yield break;
            await Task.Delay(SamplePeriod, cancellationToken);
            if (await grain.GetAsync() is not { } next) yield break;
            info = next;
        }
    }

    private const int SampleRows = 5;
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    public Task Leave(string jobId) =>
        jobId is null ? Task.CompletedTask : relay.LeaveAsync(Context.ConnectionId, jobId);

    public override Task OnDisconnectedAsync(Exception? exception) => relay.LeaveAllAsync(Context.ConnectionId);
}
