namespace Synth.Grains.Audit;

/// <summary>
/// One security- or privacy-relevant event: who (<see cref="Actor"/>, with their <see cref="Role"/>),
/// what (<see cref="Action"/>, on <see cref="Resource"/>, with its <see cref="Outcome"/>), when
/// (<see cref="At"/>, UTC) and from where (<see cref="Address"/>, the caller's remote address).
/// </summary>
/// <param name="Id">Its place in the log, given when stored (0 before); ids only grow, so they are the paging cursor.</param>
/// <param name="Actor">The user id; "anonymous" for an unauthenticated caller or mode none's admin; "system" for the cluster itself (a job finishing).</param>
/// <param name="Role">"admin" or "user"; null for anonymous and system.</param>
/// <param name="Action">What happened, e.g. "key.created", "signin.refused", "budget.spent" (<see cref="AuditActions"/>).</param>
/// <param name="Resource">What it happened to, as "kind:id" (e.g. "job:j…", "dataset:d…", "key:k…"); null when nothing in particular.</param>
/// <param name="Outcome">"ok", "refused" (with the reason in <paramref name="Detail"/>) or "failed" (a job that failed).</param>
/// <param name="Address">The caller's remote address; null for the cluster's own events with no caller.</param>
/// <param name="Detail">A short human-readable note (the amount spent, the reason of a refusal, the HTTP status).</param>
[GenerateSerializer, Immutable, Alias("synth.audit.AuditEvent")]
public sealed record AuditEvent(
    long Id,
    DateTimeOffset At,
    string Actor,
    string? Role,
    string Action,
    string? Resource,
    string Outcome,
    string? Address,
    string? Detail)
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Failed = "failed";

    /// <summary>The longest text any field keeps (longer ones are cut): an event is a line, not a payload.</summary>
    public const int MaxFieldLength = 500;

    /// <summary>A new event, now, with each text cut to <see cref="MaxFieldLength"/>.</summary>
    public static AuditEvent Create(string actor, string? role, string action, string? resource, string outcome, string? address, string? detail = null) =>
        new(0, DateTimeOffset.UtcNow, Cut(actor)!, Cut(role), Cut(action)!, Cut(resource), Cut(outcome)!, Cut(address), Cut(detail));

    private static string? Cut(string? text) => text is { Length: > MaxFieldLength } ? text[..MaxFieldLength] : text;
}
