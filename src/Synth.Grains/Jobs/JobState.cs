namespace Synth.Grains.Jobs;

/// <summary>A job's durable state (the JobGrain's). Rows done inside running shards are not kept: they come back with the next reports.</summary>
[GenerateSerializer, Alias("synth.jobs.JobState")]
public sealed class JobState
{
    [Id(0)]
    public JobSpec? Spec { get; set; }

    [Id(1)]
    public JobStatus Status { get; set; }

    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(3)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(4)]
    public DateTimeOffset? FinishedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? ShardsDoneAt { get; set; }

    [Id(6)]
    public string? Error { get; set; }

    [Id(7)]
    public List<ShardState> Shards { get; set; } = [];

    [Id(8)]
    public List<JobFile> Files { get; set; } = [];

    /// <summary>Fit jobs: the fit was about to measure the data. From then on its grant is spent for good: no refund, no retry.</summary>
    [Id(9)]
    public bool DataTouched { get; set; }

    /// <summary>Fit jobs: what the succeeded fit wrote.</summary>
    [Id(10)]
    public Models.FitResult? FitResult { get; set; }

    /// <summary>Fit jobs: the model has learnt the outcome and an untouched grant has been refunded (the reminder retries until then).</summary>
    [Id(11)]
    public bool OutcomeDelivered { get; set; }

    /// <summary>Progress sequence numbers up to this one may have been given out; a new activation starts above it, so none repeats.</summary>
    [Id(12)]
    public long ProgressReserved { get; set; }

    /// <summary>The last progress event published with a final status (and its sequence), for readers that come after the activation that published it.</summary>
    [Id(13)]
    public SequencedProgress? FinalProgress { get; set; }

    /// <summary>The span that submitted the job (W3C traceparent), so that its shards' spans join that trace; null when nothing traced it.</summary>
    [Id(14)]
    public string? TraceParent { get; set; }
}
