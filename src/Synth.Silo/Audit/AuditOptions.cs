namespace Synth.Silo.Audit;

/// <summary>The audit writer's queue, bound from "Synth:Audit".</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Synth:Audit";

    /// <summary>Events waiting for the writer, at most. Default 10,000; a recorder waits while it is full.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Events written in one transaction, at most. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a recorder waits for room in a full queue before it writes its event itself (and fails when that fails too). Default 5 s.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);
}
