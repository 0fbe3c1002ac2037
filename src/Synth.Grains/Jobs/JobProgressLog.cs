namespace Synth.Grains.Jobs;

/// <summary>
/// A job activation's progress events, numbered one after another, and the readers waiting for
/// the next one (<see cref="IJobGrain.ReadProgressAsync"/>). Plain memory: the job grain persists
/// how far numbers were handed out, so a later activation starts above them.
/// </summary>
internal sealed class JobProgressLog(long lastSequence)
{
    /// <summary>Events kept for readers that fall behind (about 17 minutes of a running job's events).</summary>
    public const int Capacity = 4096;

    private readonly Queue<SequencedProgress> _events = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The sequence of the last event appended (or the start, before any).</summary>
    public long LastSequence { get; private set; } = lastSequence;

    /// <summary>Numbers an event with the next sequence, keeps it and wakes the waiting readers.</summary>
    public SequencedProgress Append(JobProgressEvent progress)
    {
        var entry = new SequencedProgress(++LastSequence, progress);
        Keep(entry);
        return entry;
    }

    /// <summary>Keeps an event numbered elsewhere (the final event read back from the job's state).</summary>
    public void Restore(SequencedProgress entry)
    {
        if (entry.Sequence <= LastSequence && _events.Count > 0) return;
        LastSequence = Math.Max(LastSequence, entry.Sequence);
        Keep(entry);
    }

    /// <summary>Events after <paramref name="afterSequence"/> (all kept ones when it is older than them).</summary>
    public IReadOnlyList<SequencedProgress> After(long afterSequence) => [.. _events.Where(e => e.Sequence > afterSequence)];

    /// <summary>Completes when an event is appended (or wakes every reader, see <see cref="WakeAll"/>).</summary>
    public Task Next => _next.Task;

    /// <summary>Wakes every waiting reader (the job was deleted: they must learn it ended).</summary>
    public void WakeAll()
    {
        var waiting = _next;
        _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.TrySetResult();
    }

    private void Keep(SequencedProgress entry)
    {
        _events.Enqueue(entry);
        while (_events.Count > Capacity) _events.Dequeue();
        WakeAll();
    }
}
