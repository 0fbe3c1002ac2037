namespace Synth.Runtime.Storage;

public enum SiloStatus
{
    Active,
    /// <summary>Shut down gracefully; its leases were released.</summary>
    Stopped,
    /// <summary>Declared dead by a peer because its heartbeat was too old; its leases may be taken.</summary>
    Dead,
}

/// <summary>A row of the membership table.</summary>
public sealed record SiloRecord(
    string SiloId,
    string Name,
    string Address,
    IReadOnlyList<string> Tags,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    SiloStatus Status,
    int Activations);
