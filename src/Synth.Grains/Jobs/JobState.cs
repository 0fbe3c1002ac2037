using System.Text.Json.Serialization;

namespace Synth.Grains.Jobs;

/// <summary>A job's durable state (the JobGrain's). Rows done inside running shards are not kept: they come back with the next reports.</summary>
public sealed class JobState
{
    public JobSpec? Spec { get; set; }

    public JobStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? ShardsDoneAt { get; set; }

    public string? Error { get; set; }

    public List<ShardState> Shards { get; set; } = [];

    public List<JobFile> Files { get; set; } = [];

    /// <summary>Fit jobs: the fit was about to measure the data. From then on its grant is spent for good: no refund, no retry.</summary>
    public bool DataTouched { get; set; }

    /// <summary>Fit jobs: what the succeeded fit wrote.</summary>
    public Models.FitResult? FitResult { get; set; }

    /// <summary>Fit jobs: the model has learnt the outcome and an untouched grant has been refunded (the reminder retries until then).</summary>
    public bool OutcomeDelivered { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ShardStatus>))]
public enum ShardStatus
{
    Queued,
    Running,
    Done,
}

public sealed class ShardState
{
    public required ShardPlan Plan { get; set; }

    public ShardStatus Status { get; set; }

    /// <summary>The current claim; reports and completions carrying another are stale.</summary>
    public Guid? Claim { get; set; }

    public string? Silo { get; set; }

    /// <summary>Claims so far (the first run included).</summary>
    public int Attempts { get; set; }

    /// <summary>A failed shard waits until then before it can be claimed again (backoff).</summary>
    public DateTimeOffset? NotBefore { get; set; }

    public long Bytes { get; set; }

    public string? LastError { get; set; }
}
