using System.Globalization;
using System.Text.Json.Nodes;
using Synth.Core.Data;
using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Core.Streams;

/// <summary>
/// The concepts of a stream (the schema as declared, and the schema as each drift event leaves it),
/// compiled with the stream's seed, and which concept each record is drawn from. Records are a pure
/// function of (schema, seed, plan, sequence number): record s of concept c is row s of c's compiled
/// schema, and the choice of c depends only on s (and, for gradual mixes, on a hash of the seed and s).
/// All concepts share the stream's seed, so a change moves values instead of redrawing them.
/// </summary>
public sealed class StreamConcepts
{
    /// <summary>Steps of an incremental event's move (its window is cut into this many concepts, at most one per record).</summary>
    public const int IncrementalSteps = 100;

    /// <summary>Concepts of the simple drift kept compiled at once (it has one per interval, without end).</summary>
    private const int SimpleDriftCache = 16;

    private readonly JsonObject _root;
    private readonly ulong _seed;
    private readonly StreamColumns _columns;
    private readonly List<CompiledSchema> _schemas = [];
    private readonly List<int> _ids = [];
    private readonly (double Interval, double Magnitude)? _simple;
    private readonly Dictionary<long, int> _simpleIndex = [];
    private Change[] _changes = [];
    private double[] _changeStarts = [];
    private Recurrence[] _recurrences = [];

    private StreamConcepts(JsonObject root, ulong seed, StreamColumns columns, (double, double)? simple)
    {
        _root = root;
        _seed = seed;
        _columns = columns;
        _simple = simple;
    }

    /// <summary>The columns of every record (the schema's, then the opt-in sequence and concept columns).</summary>
    public TableLayout Layout => _schemas[0].Layout;

    /// <summary>How many concepts are compiled now (the simple drift compiles its own as they come).</summary>
    public int CompiledCount => _schemas.Count;

    /// <summary>
    /// Compiles the concepts of <paramref name="plan"/> over the schema <paramref name="schemaRoot"/> (as
    /// <see cref="SchemaText.Parse"/> gives it). <paramref name="rate"/> (records per second) places positions
    /// given in seconds; null when the stream runs as fast as its sinks accept. Every problem is thrown
    /// together as a <see cref="SchemaException"/> whose paths name the plan's events (<c>$.events[2].fields.income</c>).
    /// </summary>
    public static StreamConcepts Compile(JsonNode schemaRoot, DriftPlan plan, ulong seed, double? rate = null, StreamColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(schemaRoot);
        ArgumentNullException.ThrowIfNull(plan);
        columns ??= StreamColumns.None;
        if (schemaRoot is not JsonObject root) throw new SchemaException([new SchemaError("$", "a schema must be an object of field name → spec")]);
        if (plan.UsesSeconds && rate is not (> 0 and < double.PositiveInfinity))
        {
            throw new SchemaException([new SchemaError("$.rate", "the drift plan places events in seconds: the stream needs a rate in records per second (not max), or give the positions in records")]);
        }
        var errors = new List<SchemaError>();
        var fields = FieldsOf(root);
        foreach (var name in new[] { columns.Sequence, columns.Concept })
        {
            if (name is not null && fields.ContainsKey(name)) errors.Add(new SchemaError(JsonPath.Child("$", name), $"the schema has a field '{name}' already: name the stream's column otherwise"));
        }
        if (errors.Count > 0) throw new SchemaException(errors);

        var r = rate ?? 0;
        var changes = new List<Change>();
        var recurrences = new List<Recurrence>();
        var simple = plan.Simple is { } s ? (s.Interval.ToRecords(r), s.Magnitude) : ((double, double)?)null;
        var concepts = new StreamConcepts((JsonObject)root.DeepClone(), seed, columns, simple);
        concepts.Add(concepts.WithColumns(root, 0), 0, "$", errors);
        // The concept each event starts from: the one the previous change left (recurring events change nothing lasting).
        var current = (JsonObject)root.DeepClone();
        var indexOfEvent = new int[plan.Events.Count + 1];
        var lastEnd = double.NegativeInfinity;
        for (var i = 0; i < plan.Events.Count; i++)
        {
            var e = plan.Events[i];
            var path = $"$.events[{i}]";
            var at = e.At.ToRecords(r);
            if (e.Kind == DriftKind.Recurring)
            {
                recurrences.Add(new Recurrence(at, e.Period!.Value.ToRecords(r), e.Duration!.Value.ToRecords(r), indexOfEvent[e.Concept!.Value]));
                continue;
            }
            var window = e.Window?.ToRecords(r) ?? 0;
            var change = new Change(e.Kind, at, window, i + 1);
            if (change.ExtentStart < lastEnd)
            {
                var gradual = e.Kind is DriftKind.Gradual or DriftKind.Label ? " (a gradual change spans 3 windows each side of its centre)" : "";
                errors.Add(new SchemaError(JsonPath.Child(path, "at"), string.Create(CultureInfo.InvariantCulture,
                    $"starts at record {change.ExtentStart:N0}, inside the previous change (which lasts until record {lastEnd:N0}); changes follow one another{gradual}")));
                continue;
            }
            lastEnd = change.ExtentEnd;
            change.From = changes.Count == 0 ? 0 : indexOfEvent[changes[^1].Id];
            var target = (JsonObject)current.DeepClone();
            if (!Patch(target, e, path, errors)) continue;
            if (e.Kind == DriftKind.Incremental)
            {
                var steps = Math.Max(1, (int)Math.Min(IncrementalSteps, Math.Floor(window)));
                change.Steps = new int[steps];
                for (var step = 1; step <= steps; step++)
                {
                    var between = step == steps ? target : Interpolate(current, target, e, (double)step / steps, path, errors);
                    if (between is null) break;
                    change.Steps[step - 1] = concepts._schemas.Count;
                    concepts.Add(concepts.WithColumns(between, i + 1), i + 1, path, errors);
                }
            }
            indexOfEvent[i + 1] = concepts._schemas.Count;
            change.To = concepts._schemas.Count;
            concepts.Add(concepts.WithColumns(target, i + 1), i + 1, path, errors);
            changes.Add(change);
            current = target;
        }
        if (errors.Count > 0) throw new SchemaException(errors);
        concepts._changes = [.. changes];
        concepts._changeStarts = [.. changes.Select(c => c.ExtentStart)];
        concepts._recurrences = [.. recurrences];
        return concepts;
    }

    /// <summary>The concept id of record <paramref name="sequence"/> (the value of the concept column).</summary>
    public int ConceptId(long sequence) => _ids[Resolve(sequence)];

    /// <summary>The compiled schema of concept index <paramref name="index"/> (from <see cref="Resolve"/>).</summary>
    public CompiledSchema Schema(int index) => _schemas[index];

    /// <summary>The index of the compiled concept record <paramref name="sequence"/> is drawn from.</summary>
    public int Resolve(long sequence)
    {
        if (_simple is { } simple) return SimpleConcept(simple.Interval > 0 ? (long)Math.Floor(sequence / simple.Interval) : 0, simple.Magnitude);
        var index = 0;
        // The last change that has begun; every change before it is complete (they do not overlap).
        var j = Array.BinarySearch(_changeStarts, (double)sequence);
        j = j >= 0 ? LastAt(j) : ~j - 1;
        if (j >= 0)
        {
            var c = _changes[j];
            index = c.Kind switch
            {
                _ when sequence >= c.ExtentEnd => c.To,
                DriftKind.Incremental => c.Steps![Math.Min(c.Steps.Length - 1, (int)((sequence - c.At) / c.Window * c.Steps.Length))],
                DriftKind.Gradual or DriftKind.Label => Mix(sequence, c) ? c.To : c.From,
                _ => c.To,
            };
        }
        foreach (var r in _recurrences)
        {
            if (sequence >= r.At && (sequence - r.At) % r.Period < r.Duration) index = r.Index;
        }
        return index;
    }

    private int LastAt(int j)
    {
        while (j + 1 < _changeStarts.Length && _changeStarts[j + 1] == _changeStarts[j]) j++;
        return j;
    }

    /// <summary>Whether a record inside a gradual change is drawn from the new concept: with the sigmoid's probability, by a hash of the seed and its number.</summary>
    private bool Mix(long sequence, Change c)
    {
        var p = 1 / (1 + Math.Exp(-4 * (sequence - c.At) / c.Window));
        return Uniform(_seed, sequence) < p;
    }

    private static double Uniform(ulong seed, long sequence)
    {
        // SplitMix64 of (seed, sequence): independent of the fields' own random streams.
        var z = seed ^ 0x5DEECE66DUL ^ (ulong)sequence * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private int SimpleConcept(long moves, double magnitude)
    {
        if (_simpleIndex.TryGetValue(moves, out var index)) return index;
        if (_simpleIndex.Count >= SimpleDriftCache)
        {
            // Keep concept 0 (index 0); the others are recompiled when asked again.
            _schemas.RemoveRange(1, _schemas.Count - 1);
            _ids.RemoveRange(1, _ids.Count - 1);
            _simpleIndex.Clear();
            _simpleIndex[0] = 0;
            if (moves == 0) return 0;
        }
        var moved = (JsonObject)_root.DeepClone();
        SimpleDriftMove.Apply(FieldsOf(moved), moves * magnitude);
        var errors = new List<SchemaError>();
        index = _schemas.Count;
        Add(WithColumns(moved, (int)Math.Min(moves, int.MaxValue)), (int)Math.Min(moves, int.MaxValue), "$.simple", errors);
        if (errors.Count > 0) throw new SchemaException(errors);
        _simpleIndex[moves] = index;
        return index;
    }

    private void Add(JsonObject root, int id, string path, List<SchemaError> errors)
    {
        try
        {
            var schema = CompiledSchema.Compile(SchemaReader.Read(root), _seed);
            if (_schemas.Count > 0 && !SameColumns(_schemas[0].Layout, schema.Layout))
            {
                errors.Add(new SchemaError(path, "a drift event changes the fields' distributions, not the columns: the types and names must stay as declared"));
                return;
            }
            _schemas.Add(schema);
            _ids.Add(id);
        }
        catch (SchemaException e)
        {
            foreach (var error in e.Errors.Take(5)) errors.Add(new SchemaError(path, $"the schema after this event is not valid: {error.Path}: {error.Message}"));
        }
    }

    private static bool SameColumns(TableLayout a, TableLayout b) =>
        a.Columns.Count == b.Columns.Count && a.Columns.Zip(b.Columns).All(p => p.First.Name == p.Second.Name && p.First.Type == p.Second.Type);

    /// <summary>The concept's schema with the stream's opt-in columns: the record's number (the row index) and the concept's id.</summary>
    private JsonObject WithColumns(JsonObject root, int id)
    {
        var copy = (JsonObject)root.DeepClone();
        var fields = FieldsOf(copy);
        if (_columns.Sequence is { } sequence) fields[sequence] = new JsonObject { ["type"] = "int", ["expression"] = "row" };
        if (_columns.Concept is { } concept) fields[concept] = new JsonObject { ["type"] = "int", ["expression"] = id.ToString(CultureInfo.InvariantCulture) };
        return copy;
    }

    /// <summary>The object holding the fields: the schema itself (the flat shape) or its "fields".</summary>
    internal static JsonObject FieldsOf(JsonObject root) => root["fields"] is JsonObject fields && !fields.ContainsKey("type") ? fields : root;

    private static bool Patch(JsonObject target, DriftEvent e, string path, List<SchemaError> errors)
    {
        var fields = FieldsOf(target);
        var ok = true;
        foreach (var (name, patch) in e.Fields)
        {
            var fieldPath = e.Kind == DriftKind.Label ? JsonPath.Child(path, "field") : JsonPath.Child(JsonPath.Child(path, "fields"), name);
            if (fields[name] is not JsonObject field || SchemaReader.Reserved.Contains(name) && fields == target)
            {
                errors.Add(new SchemaError(fieldPath, $"the schema has no field '{name}'{Suggestions.DidYouMean(name, fields.Select(f => f.Key))}"));
                ok = false;
                continue;
            }
            JsonMergePatch.Apply(field, patch);
        }
        return ok;
    }

    /// <summary>The concept <paramref name="share"/> of the way from <paramref name="from"/> to <paramref name="to"/>: the patched numbers moved linearly.</summary>
    private static JsonObject? Interpolate(JsonObject from, JsonObject to, DriftEvent e, double share, string path, List<SchemaError> errors)
    {
        var result = (JsonObject)from.DeepClone();
        var fromFields = FieldsOf(from);
        var resultFields = FieldsOf(result);
        var before = errors.Count;
        foreach (var (name, patch) in e.Fields)
        {
            Move((JsonObject)fromFields[name]!, (JsonObject)resultFields[name]!, patch, JsonPath.Child(JsonPath.Child(path, "fields"), name));
        }
        return errors.Count > before ? null : result;

        void Move(JsonObject old, JsonObject into, JsonObject patch, string at)
        {
            foreach (var (key, value) in patch)
            {
                var keyPath = JsonPath.Child(at, key);
                var start = old[key];
                if (value is JsonObject nested && start is JsonObject startObject && into[key] is JsonObject intoObject) Move(startObject, intoObject, nested, keyPath);
                else if (value is not null && ObjectReader.TryNumber(value, out var end))
                {
                    if (start is null || !ObjectReader.TryNumber(start, out var begin))
                    {
                        errors.Add(new SchemaError(keyPath, $"an incremental event moves numbers: the field declares no number '{key}' to move from (use a sudden or gradual event to set it)"));
                        continue;
                    }
                    into[key] = begin + (end - begin) * share;
                }
                else if (value is JsonArray ends && start is JsonArray begins && ends.Count == begins.Count
                    && ends.All(v => v is not null && ObjectReader.TryNumber(v, out _)) && begins.All(v => v is not null && ObjectReader.TryNumber(v, out _)))
                {
                    var moved = new JsonArray();
                    for (var k = 0; k < ends.Count; k++)
                    {
                        ObjectReader.TryNumber(begins[k]!, out var b);
                        ObjectReader.TryNumber(ends[k]!, out var f);
                        moved.Add(b + (f - b) * share);
                    }
                    into[key] = moved;
                }
                else errors.Add(new SchemaError(keyPath, "an incremental event moves numbers (or lists of numbers of the same length); use a sudden or gradual event for other changes"));
            }
        }
    }

    /// <summary>A change of concept (sudden, gradual, incremental or label) at record <see cref="At"/>.</summary>
    private sealed class Change(DriftKind kind, double at, double window, int id)
    {
        public DriftKind Kind { get; } = kind;

        public double At { get; } = at;

        public double Window { get; } = window;

        public int Id { get; } = id;

        public int From { get; set; }

        public int To { get; set; }

        public int[]? Steps { get; set; }

        /// <summary>Where the change starts to show: a gradual one three windows before its centre (p below 1e-5).</summary>
        public double ExtentStart => Kind is DriftKind.Gradual or DriftKind.Label && Window > 0 ? At - 3 * Window : At;

        /// <summary>Where the new concept holds alone.</summary>
        public double ExtentEnd => Kind switch
        {
            DriftKind.Gradual or DriftKind.Label when Window > 0 => At + 3 * Window,
            DriftKind.Incremental => At + Window,
            _ => At,
        };
    }

    private sealed record Recurrence(double At, double Period, double Duration, int Index);
}
