namespace Synth.Grains.Audit;

/// <summary>
/// A page of the audit log, newest first: events matching every filter given, with an id below
/// <see cref="Before"/> (the cursor of the previous page), at most <see cref="Limit"/> of them.
/// </summary>
/// <param name="From">Inclusive lower bound of <see cref="AuditEvent.At"/>.</param>
/// <param name="To">Exclusive upper bound of <see cref="AuditEvent.At"/>.</param>
/// <param name="After">Only ids above this one (for reading forwards, oldest first: <paramref name="Ascending"/>).</param>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Resource = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? Before = null,
    long? After = null,
    int Limit = 100,
    bool Ascending = false);
