using Microsoft.AspNetCore.SignalR;
using Synth.Api.Access;
using Synth.Grains.Jobs;
using Orleans;

namespace Synth.Api.Progress;

/// <summary>
/// <c>/hubs/progress</c>: live job progress for dashboards. <c>Join(jobId, afterSequence)</c> sends
/// every event after <c>afterSequence</c>, then the live ones, in order with no gaps or repeats
/// (see <see cref="JobProgressRelay"/>); after a reconnect, join again with the last sequence seen.
/// Connecting needs an authenticated caller (the API's fallback policy); a user joins only their own jobs.
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

    public Task Leave(string jobId) =>
        jobId is null ? Task.CompletedTask : relay.LeaveAsync(Context.ConnectionId, jobId);

    public override Task OnDisconnectedAsync(Exception? exception) => relay.LeaveAllAsync(Context.ConnectionId);
}
