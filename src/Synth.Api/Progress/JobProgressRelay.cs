using Microsoft.AspNetCore.SignalR;
using Orleans;
using Synth.Grains.Jobs;

namespace Synth.Api.Progress;

/// <summary>
/// Relays jobs' progress to the progress hub's connections. While anyone listens to a job, one pump
/// reads its events from the job grain (a long poll, <see cref="IJobGrain.ReadProgressAsync"/>)
/// and keeps them; each listener has its own queue and sender, fed under the feed's lock, so it
/// receives every event after the sequence it joined at once, in order, whenever it joins, and a
/// slow connection never delays the others.
/// </summary>
public sealed partial class JobProgressRelay(IGrainFactory grains, IHubContext<ProgressHub, IProgressClient> hub, ILogger<JobProgressRelay> logger)
    : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JobFeed> _feeds = new(StringComparer.Ordinal);

    /// <summary>Jobs with at least one listener (for tests and diagnostics).</summary>
    public int ActiveFeeds
    {
        get
        {
            lock (_gate) return _feeds.Count;
        }
    }

    public Task JoinAsync(string connectionId, string jobId, long afterSequence, CancellationToken cancellationToken)
    {
        JobFeed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(jobId, out feed!))
            {
                _feeds[jobId] = feed = new JobFeed(jobId);
                feed.Pump = Task.Run(() => PumpAsync(feed), CancellationToken.None);
            }
        }
        ProgressListener? replaced;
        lock (feed.Gate)
        {
            // Joining again (say, to rewind) starts over from the new position.
            feed.Listeners.Remove(connectionId, out replaced);
            var listener = new ProgressListener(connectionId, afterSequence);
            foreach (var e in feed.Events) listener.Offer(new ProgressMessage(e.Sequence, e.Event));
            listener.Sender = SendAsync(listener);
            feed.Listeners[connectionId] = listener;
        }
        replaced?.Queue.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public async Task LeaveAsync(string connectionId, string jobId)
    {
        JobFeed? feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(jobId, out feed)) return;
        }
        ProgressListener? listener;
        bool last;
        lock (feed.Gate)
        {
            if (!feed.Listeners.Remove(connectionId, out listener)) return;
            last = feed.Listeners.Count == 0;
        }
        listener.Queue.Writer.TryComplete();
        if (!last) return;
        lock (_gate)
        {
            lock (feed.Gate)
            {
                // Someone may have joined in between: then the feed stays.
                if (feed.Listeners.Count > 0) return;
                _feeds.Remove(jobId);
            }
        }
        await StopAsync(feed);
    }

    public async Task LeaveAllAsync(string connectionId)
    {
        string[] jobs;
        lock (_gate) jobs = [.. _feeds.Keys];
        foreach (var jobId in jobs) await LeaveAsync(connectionId, jobId);
    }

    private async Task SendAsync(ProgressListener listener)
    {
        var client = hub.Clients.Client(listener.ConnectionId);
        try
        {
            await foreach (var message in listener.Queue.Reader.ReadAllAsync()) await client.Progress(message);
        }
        catch (Exception e)
        {
            // The connection is gone; SignalR's disconnect makes it leave.
            LogSendFailed(logger, e, listener.ConnectionId);
        }
    }

    private async Task PumpAsync(JobFeed feed)
    {
        var token = feed.Stopping.Token;
        var job = grains.GetGrain<IJobGrain>(feed.JobId);
        long after = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var page = await job.ReadProgressAsync(after, PollWait).WaitAsync(token);
                lock (feed.Gate)
                {
                    foreach (var e in page.Events)
                    {
                        feed.Events.Add(e);
                        var message = new ProgressMessage(e.Sequence, e.Event);
                        foreach (var listener in feed.Listeners.Values) listener.Offer(message);
                        after = e.Sequence;
                    }
                }
                // A final status is the job's last event; late joiners are replayed from the feed's events.
                if (page.Ended || page.Events.Any(e => e.Event.Status.IsFinal())) return;
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
        }
        foreach (var feed in feeds)
        {
            lock (feed.Gate)
            {
                foreach (var listener in feed.Listeners.Values) listener.Queue.Writer.TryComplete();
            }
            await StopAsync(feed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "progress relay of job {JobId} failed; reading again")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "progress to connection {ConnectionId} failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string connectionId);
}
