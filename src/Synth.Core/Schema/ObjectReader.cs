using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>
/// Reads typed members of one JSON object, recording a <see cref="SchemaError"/> for each
/// problem instead of stopping, so a user sees every problem of a schema at once.
/// </summary>
internal sealed class ObjectReader(JsonObject obj, string path, List<SchemaError> errors)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string Path { get; } = path;

    public JsonObject Object { get; } = obj;

    public void Error(string key, string message) => errors.Add(new SchemaError(JsonPath.Child(Path, key), message));

    public bool Has(string key) => Object.ContainsKey(key);

    public JsonNode? Raw(string key)
    {
        _read.Add(key);
        return Object[key];
    }

    /// <summary>Reports every member no accessor asked for, with a hint when it looks like a misspelling.</summary>
    public void RejectUnread(IEnumerable<string> allowed, string what)
    {
        foreach (var (key, _) in Object)
        {
            if (!_read.Contains(key)) Error(key, $"unknown property for {what}{Suggestions.DidYouMean(key, allowed)}");
        }
    }

    public double? Number(string key, double? min = null, double? max = null, bool minExclusive = false)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (!TryNumber(node, out var value))
        {
            Error(key, "must be a number");
            return null;
        }
        if (min is { } lo && (minExclusive ? value <= lo : value < lo))
        {
            Error(key, $"must be {(minExclusive ? ">" : ">=")} {Fmt(lo)}");
            return null;
        }
        if (max is { } hi && value > hi)
        {
            Error(key, $"must be <= {Fmt(hi)}");
            return null;
        }
        return value;
    }

    public int? Integer(string key, long min, long max)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (!TryNumber(node, out var value) || value != Math.Floor(value))
        {
            Error(key, "must be a whole number");
            return null;
        }
        if (value < min || value > max)
        {
            Error(key, $"must be between {min} and {max}");
            return null;
        }
        return (int)value;
    }

    public bool? Boolean(string key)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return node.GetValue<bool>();
        Error(key, "must be true or false");
        return null;
    }

    public string? String(string key)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
        Error(key, "must be a string");
        return null;
    }

    public DateTime? Instant(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (TryInstant(text, out var value, out _)) return value;
        Error(key, $"'{text}' is not a date (use ISO 8601, e.g. 2020-01-31 or 2020-01-31T12:00:00Z)");
        return null;
    }

    /// <summary>Parses an ISO 8601 date or date-time as UTC; <paramref name="dateOnly"/> tells which it was.</summary>
    public static bool TryInstant(string text, out DateTime value, out bool dateOnly)
    {
        dateOnly = false;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            dateOnly = true;
            value = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }
        return false;
    }

    public static bool TryNumber(JsonNode node, out double value)
    {
        value = 0;
        if (node.GetValueKind() != JsonValueKind.Number) return false;
        var v = node.AsValue();
        if (v.TryGetValue(out double d)) value = d;
        else if (v.TryGetValue(out long l)) value = l;
        else if (v.TryGetValue(out int i)) value = i;
        else return false;
        return double.IsFinite(value);
    }

    public static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
