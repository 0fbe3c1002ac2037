namespace Synth.Api.Status;

/// <summary>Answer of <c>GET /status</c>.</summary>
/// <param name="Mode">"embedded" (API and silo in one process on SQLite) or "cluster" (PostgreSQL).</param>
/// <param name="Silos">The membership table: every silo that has joined, live or not.</param>
public sealed record StatusResponse(
    string Service,
    string Version,
    string Mode,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    IReadOnlyList<SiloView> Silos);

/// <param name="Status">Orleans' silo status: Joining, Active, ShuttingDown, Stopping or Dead (left, or declared dead by its peers).</param>
public sealed record SiloView(
    string Id,
    string Name,
    string Address,
    IReadOnlyList<string> Tags,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    int Activations);
