using System.Text.Json.Nodes;
using Synth.Core.Schema;

namespace Synth.Core.Streams;

/// <summary>
/// Reads a drift plan (JSON or YAML) into a <see cref="DriftPlan"/>; every problem is reported with its
/// JSON path, together, as a <see cref="SchemaException"/>. Whether the fields exist and the patched
/// concepts are valid schemas is checked against the schema by <see cref="StreamConcepts"/>.
/// <code>
/// {"events": [
///   {"kind": "sudden", "at": {"records": 10000}, "fields": {"income": {"mean": 65000}}},
///   {"kind": "gradual", "at": {"seconds": 600}, "window": {"seconds": 120}, "fields": {"status": {"probabilities": [0.2, 0.3, 0.5]}}},
///   {"kind": "incremental", "at": 50000, "window": 20000, "fields": {"income": {"std": 30000}}},
///   {"kind": "recurring", "at": 100000, "concept": 1, "period": 30000, "duration": 5000},
///   {"kind": "label", "at": 70000, "field": "churn", "set": {"expression": "income &lt; 30000"}}]}
/// </code>
/// or <c>{"simple": {"interval": {"seconds": 60}, "magnitude": 0.5}}</c>. A bare number is a count of records.
/// </summary>
public static class DriftPlanReader
{
    /// <summary>At most this many events: each compiles a concept (incremental ones up to <see cref="StreamConcepts.IncrementalSteps"/>).</summary>
    public const int MaxEvents = 1_000;

    private static readonly string[] EventKeys = ["kind", "at", "window", "fields", "concept", "period", "duration", "field", "set"];

    public static DriftPlan Read(string text, string? fileName = null) => Read(SchemaText.Parse(text, fileName));

    public static DriftPlan Read(JsonNode? root)
    {
        var errors = new List<SchemaError>();
        if (root is not JsonObject top) throw new SchemaException([new SchemaError("$", "a drift plan is an object: {\"events\": [...]} or {\"simple\": {...}}")]);
        var r = new ObjectReader(top, "$", errors);
        SimpleDrift? simple = null;
        if (r.Raw("simple") is { } simpleNode) simple = ReadSimple(simpleNode, errors);
        var events = new List<DriftEvent>();
        if (r.Raw("events") is { } eventsNode)
        {
            if (eventsNode is not JsonArray array) errors.Add(new SchemaError("$.events", "must be a list of events"));
            else if (array.Count > MaxEvents) errors.Add(new SchemaError("$.events", $"has {array.Count:N0} events; the limit is {MaxEvents:N0}"));
            else
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (ReadEvent(array[i], $"$.events[{i}]", i, events, errors) is { } e) events.Add(e);
                }
            }
        }
        r.RejectUnread(["events", "simple"], "a drift plan");
        if (simple is not null && events.Count > 0) errors.Add(new SchemaError("$.simple", "use either \"simple\" or \"events\", not both"));
        if (errors.Count > 0) throw new SchemaException(errors);
        return new DriftPlan(events, simple);
    }

    private static SimpleDrift? ReadSimple(JsonNode node, List<SchemaError> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(new SchemaError("$.simple", "must be an object: {\"interval\": {\"seconds\": 60}, \"magnitude\": 0.5}"));
            return null;
        }
        var r = new ObjectReader(obj, "$.simple", errors);
        var interval = Position(r, "interval", positive: true);
        var magnitude = r.Number("magnitude");
        if (interval is null && !r.Has("interval")) r.Error("interval", "is required: how often the stream moves on");
        if (magnitude is null && !r.Has("magnitude")) r.Error("magnitude", "is required: how far each move goes, in units of each field's scale");
        r.RejectUnread(["interval", "magnitude"], "the simple drift");
        return interval is { } i && magnitude is { } m ? new SimpleDrift(i, m) : null;
    }

    private static DriftEvent? ReadEvent(JsonNode? node, string path, int index, List<DriftEvent> earlier, List<SchemaError> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(new SchemaError(path, "an event is an object with \"kind\" and \"at\""));
            return null;
        }
        var before = errors.Count;
        var r = new ObjectReader(obj, path, errors);
        var kindText = r.String("kind");
        DriftKind? kind = kindText switch
        {
            "sudden" => DriftKind.Sudden,
            "gradual" => DriftKind.Gradual,
            "incremental" => DriftKind.Incremental,
            "recurring" => DriftKind.Recurring,
            "label" => DriftKind.Label,
            null => null,
            _ => null,
        };
        if (kind is null) r.Error("kind", kindText is null ? "is required: sudden, gradual, incremental, recurring or label" : $"unknown kind '{kindText}'; one of sudden, gradual, incremental, recurring, label");
        var at = Position(r, "at", positive: false);
        if (at is null && !r.Has("at")) r.Error("at", "is required: where the event happens ({\"records\": N}, {\"seconds\": S} or a number of records)");
        var window = Position(r, "window", positive: true);
        var period = Position(r, "period", positive: true);
        var duration = Position(r, "duration", positive: true);
        int? concept = r.Has("concept") ? r.Integer("concept", 0, index) : null;
        var fields = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (r.Raw("fields") is { } fieldsNode)
        {
            if (fieldsNode is not JsonObject fieldsObject || fieldsObject.Count == 0) r.Error("fields", "must be an object of field name → the properties that change, e.g. {\"income\": {\"mean\": 65000}}");
            else
            {
                foreach (var (name, patch) in fieldsObject)
                {
                    if (patch is JsonObject o) fields[name] = o;
                    else errors.Add(new SchemaError(JsonPath.Child(JsonPath.Child(path, "fields"), name), "must be an object of the properties that change"));
                }
            }
        }
        var field = r.String("field");
        var set = r.Raw("set");
        r.RejectUnread(EventKeys, "a drift event");

        switch (kind)
        {
            case DriftKind.Sudden or DriftKind.Gradual or DriftKind.Incremental:
                if (fields.Count == 0 && !r.Has("fields")) r.Error("fields", $"is required: what the {kindText} event changes, e.g. {{\"income\": {{\"mean\": 65000}}}}");
                if (field is not null || set is not null) r.Error(field is not null ? "field" : "set", "belongs to label events; use \"fields\"");
                break;
            case DriftKind.Label:
                if (field is null) r.Error("field", "is required: the target field whose dependence on the features changes");
                if (set is not JsonObject setObject) r.Error("set", "is required: the target's new properties, e.g. {\"expression\": \"income < 30000\"}");
                else if (field is not null) fields[field] = setObject;
                if (r.Has("fields")) r.Error("fields", "a label event changes one field: use \"field\" and \"set\"");
                break;
            case DriftKind.Recurring:
                if (concept is null && !r.Has("concept")) r.Error("concept", "is required: the concept that returns (0: the schema as declared, k: the concept of the k-th event)");
                else if (concept is > 0 && earlier.Count >= concept && earlier[concept.Value - 1].Kind == DriftKind.Recurring) r.Error("concept", $"event {concept} is recurring and makes no concept of its own");
                if (period is null && !r.Has("period")) r.Error("period", "is required: how often the concept returns");
                if (duration is null && !r.Has("duration")) r.Error("duration", "is required: how long it stays each time");
                if (period is { } p && duration is { } d && p.InSeconds == d.InSeconds && d.Value >= p.Value) r.Error("duration", "must be shorter than the period");
                if (r.Has("fields")) r.Error("fields", "a recurring event brings back an earlier concept (\"concept\"); it changes no field");
                break;
        }
        if (kind is DriftKind.Gradual or DriftKind.Incremental && window is null && !r.Has("window")) r.Error("window", $"is required for a {kindText} event: how long the change takes");
        if (kind is DriftKind.Sudden or DriftKind.Recurring && r.Has("window")) r.Error("window", $"a {kindText} event has no window");
        if (kind is not DriftKind.Recurring && (r.Has("period") || r.Has("duration"))) r.Error(r.Has("period") ? "period" : "duration", "belongs to recurring events");
        if (kind is not DriftKind.Recurring && r.Has("concept")) r.Error("concept", "belongs to recurring events");
        return errors.Count > before ? null : new DriftEvent(kind!.Value, at!.Value, fields, window, concept, period, duration);
    }

    /// <summary>A position: <c>{"records": N}</c>, <c>{"seconds": S}</c> or a bare number of records.</summary>
    private static StreamPosition? Position(ObjectReader r, string key, bool positive)
    {
        var node = r.Raw(key);
        if (node is null) return null;
        StreamPosition? position = null;
        if (node is JsonValue && ObjectReader.TryNumber(node, out var bare)) position = new StreamPosition(bare, false);
        else if (node is JsonObject { Count: 1 } obj && obj.First() is var (unit, value) && value is not null && ObjectReader.TryNumber(value, out var number))
        {
            position = unit switch
            {
                "records" => new StreamPosition(number, false),
                "seconds" => new StreamPosition(number, true),
                _ => null,
            };
        }
        if (position is null)
        {
            r.Error(key, "must be {\"records\": N}, {\"seconds\": S} or a number of records");
            return null;
        }
        var v = position.Value.Value;
        if (double.IsNaN(v) || double.IsInfinity(v) || v < 0 || (positive && v == 0) || v > 1e18)
        {
            r.Error(key, positive ? $"must be a positive, finite number; got {ObjectReader.Fmt(v)}" : $"must be a finite number >= 0; got {ObjectReader.Fmt(v)}");
            return null;
        }
        if (!position.Value.InSeconds && v != Math.Floor(v))
        {
            r.Error(key, $"a number of records is whole; got {ObjectReader.Fmt(v)}");
            return null;
        }
        return position;
    }
}
