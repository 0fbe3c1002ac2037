using Synth.Grains.Audit;

namespace Synth.Api.Audit;

/// <summary>Answer of <c>GET /audit</c>: events newest first, and the cursor of the next (older) page, null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, string? Next);
