namespace Synth.Api.Progress;

/// <summary>One job's relay state: who listens, what was broadcast last, and the lock that orders both.</summary>
internal sealed class JobFeed(string jobId, long startAfter)
{
    public string JobId { get; } = jobId;

    public string Group { get; } = ProgressHub.GroupOf(jobId);

    /// <summary>
    /// Held while broadcasting an event and while a client is replayed and added to the group, so neither
    /// interleaves. Never disposed: a joiner may still hold it as the feed stops, and it owns no handle.
    /// </summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>The sequence of the last event sent to the group (the first joiner's position before any). Guarded by <see cref="Turn"/>.</summary>
    public long LastSent { get; set; } = startAfter;

    /// <summary>Connections that asked to start after an event the feed has not reached yet: they join the group when it does. Guarded by <see cref="Turn"/>.</summary>
    public Dictionary<string, long> Pending { get; } = new(StringComparer.Ordinal);

    /// <summary>Connections that joined and have not left. Guarded by the relay's lock.</summary>
    public int Listeners { get; set; }

    public CancellationTokenSource Stopping { get; } = new();

    public Task Pump { get; set; } = Task.CompletedTask;
}
