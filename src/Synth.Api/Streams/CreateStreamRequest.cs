using System.Text.Json;

namespace Synth.Api.Streams;

/// <summary>Body of <c>POST /streams</c>: a stream's definition (docs/streams.md).</summary>
/// <param name="SchemaText">The schema (JSON or YAML text), single-table.</param>
/// <param name="Rate">Records per second (a number, fractional allowed) or "max"; default 1.</param>
/// <param name="BatchSize">Records per batch (written and timed as one); default a tenth of a second of records at the rate (1 to 1,000), 1,000 flat out.</param>
/// <param name="DriftPlan">The drift plan: an object (JSON) or a string (JSON or YAML); default none.</param>
/// <param name="Limit">Stop after this many records; default never.</param>
/// <param name="StartAt">Record 0 is due then (ISO 8601); default at once.</param>
/// <param name="StopAt">The stream stops then (ISO 8601); default never.</param>
/// <param name="Sinks">Where the records go (docs/streams.md, "Sinks"); default rolling files of the artifact store.</param>
public sealed record CreateStreamRequest(
    string? SchemaText,
    ulong? Seed,
    JsonElement? Rate,
    int? BatchSize,
    JsonElement? DriftPlan,
    string? Format,
    string? SequenceColumn,
    string? ConceptColumn,
    long? Limit,
    long? RollRecords,
    double? RollSeconds,
    string? Name,
    IReadOnlyList<SinkRequest?>? Sinks = null,
    DateTimeOffset? StartAt = null,
    DateTimeOffset? StopAt = null);

/// <summary>Body of <c>PATCH /streams/{id}</c>: what changes without a restart; what is not given stays.</summary>
/// <param name="Rate">Records per second or "max".</param>
/// <param name="DriftPlan">A new drift plan (object, or JSON/YAML text; "" removes it), from the next record not made yet.</param>
/// <param name="Sinks">The new sinks (a sink kept by name and unchanged goes on; a new one starts at the next record).</param>
public sealed record UpdateStreamRequest(JsonElement? Rate, JsonElement? DriftPlan = null, IReadOnlyList<SinkRequest?>? Sinks = null);

/// <summary>One sink of a stream, as a request gives it (checked, with the field named, by the grain).</summary>
public sealed record SinkRequest(
    string? Kind,
    string? Name,
    string? Url,
    string? Secret,
    string? Format,
    string? Connection,
    string? Exchange,
    string? RoutingKey,
    string? Table,
    string? Topic,
    string? KeyField);
