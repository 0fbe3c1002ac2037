using Microsoft.AspNetCore.SignalR;
using Synth.Grains.Jobs;
using Orleans;

namespace Synth.Api.Progress;

/// <summary>
/// <c>/hubs/progress</c>: live job progress for dashboards. <c>Join(jobId, afterSequence)</c> sends
/// every event after <c>afterSequence</c>, then the live ones, in order with no gaps or repeats
/// (see <see cref="JobProgressRelay"/>); after a reconnect, join again with the last sequence seen.
/// </summary>
public sealed class ProgressHub(JobProgressRelay relay, IGrainFactory grains) : Hub<IProgressClient>
{
    public const string Path = "/hubs/progress";

    public async Task Join(string jobId, long afterSequence)
    {
        if (jobId is null || !JobIds.IsValid(jobId)) throw new HubException($"'{jobId}' is not a job id ('j' and 20 lowercase hex digits)");
        if (afterSequence < 0) throw new HubException("afterSequence must be 0 (from the start) or the last sequence received");
        if (await grains.GetGrain<IJobGrain>(jobId).GetAsync() is null) throw new HubException($"no job has id {jobId}");
        await relay.JoinAsync(Context.ConnectionId, jobId, afterSequence, Context.ConnectionAborted);
    }

    public Task Leave(string jobId) =>
        jobId is null ? Task.CompletedTask : relay.LeaveAsync(Context.ConnectionId, jobId);

    public override Task OnDisconnectedAsync(Exception? exception) => relay.LeaveAllAsync(Context.ConnectionId);
}
