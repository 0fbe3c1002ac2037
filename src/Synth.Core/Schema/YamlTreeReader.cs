using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Synth.Core.Schema;

/// <summary>
/// Reads the first YAML document into a JSON tree straight from the parser's events, bounded: at
/// most <see cref="InputLimits.MaxDepth"/> levels and <see cref="InputLimits.MaxValues"/> values,
/// where every use of an alias counts as the copy it becomes. An alias inside its own anchor (a
/// cycle) is refused, and so is a duplicate key. YamlDotNet's representation model is not used: it
/// resolves aliases into a graph that a naive walk expands without bound, or forever on a cycle.
/// Plain scalars follow the YAML 1.2 core schema (numbers, booleans, null); quoted ones stay strings.
/// Every problem is a <see cref="FormatException"/> whose message gives the line and column.
/// </summary>
public sealed class YamlTreeReader
{
    private readonly Parser _parser;
    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private long _values;

    private YamlTreeReader(string text)
    {
        _parser = new Parser(new StringReader(text));
    }

    /// <summary>The first document as JSON; null when the text holds no document or only a null.</summary>
    public static JsonNode? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return new YamlTreeReader(text).ReadDocument();
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet throws this, not a YamlException, for text that ends inside a [ or { collection.
            throw new FormatException($"invalid YAML: the text ends inside a [ ] or {{ }} collection ({e.Message})");
        }
    }

    private JsonNode? ReadDocument()
    {
        while (_parser.MoveNext())
        {
            switch (_parser.Current)
            {
                case DocumentStart:
                    return ReadNode();
                case StreamEnd:
                    return null;
            }
        }
        return null;
    }

    private JsonNode? ReadNode()
    {
        JsonNode? result = null;
        while (_parser.MoveNext())
        {
            var e = _parser.Current!;
            JsonNode? completed;
            bool hasValue;
            switch (e)
            {
                case MappingStart m:
                    Open(m, new JsonObject(), m.Anchor);
                    continue;
                case SequenceStart s:
                    Open(s, new JsonArray(), s.Anchor);
                    continue;
                case MappingEnd or SequenceEnd:
                    var frame = _open.Pop();
                    if (!frame.Anchor.IsEmpty) _anchors[frame.Anchor.Value] = new Anchored(frame.Node, _values - frame.ValuesBefore, Open: false);
                    (completed, hasValue) = (frame.Node, true);
                    break;
                case Scalar scalar:
                    Count(scalar, 1);
                    // A key stays the text it was written as ("1", "null"): only values are typed.
                    completed = AwaitsKey() ? JsonValue.Create(scalar.Value) : ConvertScalar(scalar);
                    if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = new Anchored(completed, 1, Open: false);
                    hasValue = true;
                    break;
                case AnchorAlias alias:
                    completed = Resolve(alias);
                    hasValue = true;
                    break;
                case DocumentEnd:
                    return result;
                default:
                    continue;
            }
            if (!hasValue) continue;
            if (_open.Count == 0)
            {
                result = completed;
                continue;
            }
            Add(_open.Peek(), completed, e);
        }
        return result;
    }

    private bool AwaitsKey() => _open.Count > 0 && _open.Peek() is { Node: JsonObject, HasKey: false };

    private void Open(ParsingEvent e, JsonNode node, AnchorName anchor)
    {
        if (AwaitsKey()) throw Fail(e, "a mapping key must be a plain value, not a mapping or a list");
        if (_open.Count >= InputLimits.MaxDepth) throw Fail(e, $"the YAML nests deeper than {InputLimits.MaxDepth} levels");
        var before = _values;
        Count(e, 1);
        if (!anchor.IsEmpty) _anchors[anchor.Value] = new Anchored(null, 0, Open: true);
        _open.Push(new Frame(node, anchor, before));
    }

    private JsonNode? Resolve(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored)) throw Fail(alias, $"the alias *{alias.Value.Value} names no anchor before it");
        if (anchored.Open) throw Fail(alias, $"the alias *{alias.Value.Value} is used inside its own anchor &{alias.Value.Value} (a cycle)");
        Count(alias, anchored.Values);
        return anchored.Node?.DeepClone();
    }

    private void Count(ParsingEvent at, long values)
    {
        _values += values;
        if (_values > InputLimits.MaxValues)
        {
            throw Fail(at, $"the YAML holds more than {InputLimits.MaxValues:N0} values (each use of an alias counts as a copy)");
        }
    }

    private static void Add(Frame parent, JsonNode? value, ParsingEvent at)
    {
        if (parent.Node is JsonArray array)
        {
            array.Add(value);
            return;
        }
        var map = (JsonObject)parent.Node;
        if (!parent.HasKey)
        {
            if (value is not JsonValue key) throw Fail(at, "a mapping key must be a plain value, not a mapping or a list");
            parent.Key = key.ToString();
            if (map.ContainsKey(parent.Key)) throw Fail(at, $"the key '{parent.Key}' appears twice in one mapping");
            parent.HasKey = true;
            return;
        }
        map[parent.Key!] = value;
        parent.HasKey = false;
    }

    private static JsonNode? ConvertScalar(Scalar scalar)
    {
        var v = scalar.Value;
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(v);
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        return JsonValue.Create(v);
    }

    private static FormatException Fail(ParsingEvent at, string message) =>
        new($"invalid YAML at line {at.Start.Line}, column {at.Start.Column}: {message}");

    private sealed class Frame(JsonNode node, AnchorName anchor, long valuesBefore)
    {
        public JsonNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        public long ValuesBefore { get; } = valuesBefore;

        public string? Key { get; set; }

        public bool HasKey { get; set; }
    }

    private sealed record Anchored(JsonNode? Node, long Values, bool Open);
}
