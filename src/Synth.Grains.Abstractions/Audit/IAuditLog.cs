namespace Synth.Grains.Audit;

/// <summary>
/// Where events are recorded. Recording returns once the event is queued for the (batched) writer:
/// it waits while the queue is full, and throws <see cref="AuditUnavailableException"/> rather than
/// drop the event when it cannot be kept at all.
/// </summary>
public interface IAuditLog
{
    ValueTask RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
