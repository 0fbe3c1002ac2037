using Synth.Grains.Jobs;

namespace Synth.Api.Progress;

/// <summary>One job's relay state: the events read from the job so far, who listens, and what each listener has been given. Guarded by <see cref="Gate"/>.</summary>
internal sealed class JobFeed(string jobId)
{
    public string JobId { get; } = jobId;

    public Lock Gate { get; } = new();

    /// <summary>Every event read from the job since the feed started, in order (a late joiner is replayed from here).</summary>
    public List<SequencedProgress> Events { get; } = [];

    public Dictionary<string, ProgressListener> Listeners { get; } = new(StringComparer.Ordinal);

    /// <summary>The feed read the job's last event (final, or the job is gone): no more will come.</summary>
    public bool Ended { get; set; }

    public CancellationTokenSource Stopping { get; } = new();

    public Task Pump { get; set; } = Task.CompletedTask;
}
