namespace Synth.Grains.Audit;

/// <summary>
/// The audit table of the cluster's database (PostgreSQL in cluster mode, SQLite embedded):
/// append and read, nothing else. There is no update or delete, and the table refuses them.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends the events, in order, in one transaction; each gets the next id.</summary>
    Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The events that match <paramref name="query"/>, in its order.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
