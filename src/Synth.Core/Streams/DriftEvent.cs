using System.Text.Json.Nodes;

namespace Synth.Core.Streams;

/// <summary>
/// One event of a <see cref="DriftPlan"/>. <see cref="Fields"/> patches the concept active before the
/// event (a JSON merge patch per field, RFC 7386) to give the event's concept; a recurring event
/// brings back the concept <see cref="Concept"/> instead (0 is the schema as declared, k the concept
/// of the k-th event).
/// </summary>
/// <param name="Window">Gradual and label: the sigmoid's width; incremental: the length of the move. Null for sudden changes.</param>
/// <param name="Period">Recurring: how often the concept returns.</param>
/// <param name="Duration">Recurring: how long it stays each time.</param>
public sealed record DriftEvent(
    DriftKind Kind,
    StreamPosition At,
    IReadOnlyDictionary<string, JsonObject> Fields,
    StreamPosition? Window = null,
    int? Concept = null,
    StreamPosition? Period = null,
    StreamPosition? Duration = null);
