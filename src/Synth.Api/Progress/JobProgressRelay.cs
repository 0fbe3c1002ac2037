using Microsoft.AspNetCore.SignalR;
using Synth.Grains.Jobs;
using Synth.Runtime.Calls;

namespace Synth.Api.Progress;

/// <summary>
/// Relays jobs' grain streams to the progress hub's groups. While anyone listens to a job, one
/// subscription reads its stream and broadcasts each event to the group "job:{id}". A client
/// joining after sequence N is replayed the events from N+1 up to the last one broadcast and then
/// added to the group, both under the lock each broadcast takes (<see cref="JobFeed.Turn"/>): so it
/// receives every event once, in order, whenever it joins. A client that asks to start beyond the
/// broadcast position waits aside until the feed reaches it.
/// </summary>
public sealed partial class JobProgressRelay(ClusterClient cluster, IHubContext<ProgressHub, IProgressClient> hub, ILogger<JobProgressRelay> logger)
    : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JobFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _jobsOf = new(StringComparer.Ordinal); // connection → jobs

    /// <summary>Jobs with at least one listener (for tests and diagnostics).</summary>
    public int ActiveFeeds
    {
        get
        {
            lock (_gate) return _feeds.Count;
        }
    }

    public async Task JoinAsync(string connectionId, string jobId, long afterSequence, CancellationToken cancellationToken)
    {
        JobFeed feed;
        lock (_gate)
        {
            if (!_jobsOf.TryGetValue(connectionId, out var jobs)) _jobsOf[connectionId] = jobs = new HashSet<string>(StringComparer.Ordinal);
            if (!_feeds.TryGetValue(jobId, out feed!))
            {
                // The feed starts where its first listener stands: nothing before that has to be read.
                _feeds[jobId] = feed = new JobFeed(jobId, afterSequence);
                feed.Pump = Task.Run(() => PumpAsync(feed));
            }
            if (jobs.Add(jobId)) feed.Listeners++;
        }

        await feed.Turn.WaitAsync(cancellationToken);
        try
        {
            // Joining again (say, to rewind) starts over from the new position.
            feed.Pending.Remove(connectionId);
            await hub.Groups.RemoveFromGroupAsync(connectionId, feed.Group, CancellationToken.None);
            if (afterSequence > feed.LastSent)
            {
                feed.Pending[connectionId] = afterSequence;
                return;
            }
            await ReplayAsync(connectionId, feed, afterSequence, cancellationToken);
            await hub.Groups.AddToGroupAsync(connectionId, feed.Group, CancellationToken.None);
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    public async Task LeaveAsync(string connectionId, string jobId)
    {
        JobFeed feed;
        bool last;
        lock (_gate)
        {
            if (!_jobsOf.TryGetValue(connectionId, out var jobs) || !jobs.Remove(jobId)) return;
            if (jobs.Count == 0) _jobsOf.Remove(connectionId);
            feed = _feeds[jobId];
            last = --feed.Listeners == 0;
            if (last) _feeds.Remove(jobId);
        }

        await feed.Turn.WaitAsync();
        try
        {
            feed.Pending.Remove(connectionId);
            await hub.Groups.RemoveFromGroupAsync(connectionId, feed.Group);
        }
        finally
        {
            feed.Turn.Release();
        }
        if (last) await StopAsync(feed);
    }

    public async Task LeaveAllAsync(string connectionId)
    {
        string[] jobs;
        lock (_gate) jobs = _jobsOf.TryGetValue(connectionId, out var joined) ? [.. joined] : [];
        foreach (var jobId in jobs) await LeaveAsync(connectionId, jobId);
    }

    /// <summary>Sends the events (after, LastSent] to one connection. Call holding <see cref="JobFeed.Turn"/>.</summary>
    private async Task ReplayAsync(string connectionId, JobFeed feed, long after, CancellationToken cancellationToken)
    {
        if (after >= feed.LastSent) return;
        var client = hub.Clients.Client(connectionId);
        // These events are already stored, so the subscription yields them at once.
        await foreach (var e in cluster.Streams.SubscribeAsync(JobStreams.Progress(feed.JobId), after, cancellationToken))
        {
            if (e.Sequence > feed.LastSent) break;
            await client.Progress(new ProgressMessage(e.Sequence, JobProgressEvent.FromBytes(e.Payload)));
            if (e.Sequence == feed.LastSent) break;
        }
    }

    private async Task PumpAsync(JobFeed feed)
    {
        var token = feed.Stopping.Token;
        var streamId = JobStreams.Progress(feed.JobId);
        while (!token.IsCancellationRequested)
        {
            try
            {
                // LastSent is only written under Turn, by this loop: reading it here is safe.
                await foreach (var e in cluster.Streams.SubscribeAsync(streamId, feed.LastSent, token))
                {
                    var progress = JobProgressEvent.FromBytes(e.Payload);
                    await BroadcastAsync(feed, new ProgressMessage(e.Sequence, progress), token);
                    // A final status is the stream's last event: stop reading; late joiners are replayed from the store.
                    if (progress.Status.IsFinal()) return;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPumpFailed(logger, e, feed.JobId);
                try
                {
                    await Task.Delay(RetryDelay, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task BroadcastAsync(JobFeed feed, ProgressMessage message, CancellationToken token)
    {
        await feed.Turn.WaitAsync(token);
        try
        {
            await hub.Clients.Group(feed.Group).Progress(message);
            feed.LastSent = message.Sequence;
            foreach (var (connectionId, after) in feed.Pending.Where(p => p.Value <= feed.LastSent).ToList())
            {
                feed.Pending.Remove(connectionId);
                await ReplayAsync(connectionId, feed, after, token);
                await hub.Groups.AddToGroupAsync(connectionId, feed.Group, CancellationToken.None);
            }
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    private static async Task StopAsync(JobFeed feed)
    {
        await feed.Stopping.CancelAsync();
        await feed.Pump;
        feed.Stopping.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        JobFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
            _jobsOf.Clear();
        }
        foreach (var feed in feeds) await StopAsync(feed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "progress relay of job {JobId} failed; resubscribing")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string jobId);
}
