using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>Reads the seed's time-series keys: time_field, time_interval_seconds, start_time, trends, seasonality, noise.</summary>
internal static class TimeSeriesReader
{
    private static readonly string[] TrendNames = ["linear", "exponential", "step"];

    public static TimeSeriesSpec? Read(ObjectReader r, List<FieldSpec> fields, List<SchemaError> errors)
    {
        var timeField = r.String("time_field");
        var interval = r.Number("time_interval_seconds", 0, minExclusive: true);
        var startTime = r.Instant("start_time");
        var trendsNode = r.Raw("trends");
        var seasonalityNode = r.Raw("seasonality");
        var noiseNode = r.Raw("noise");
        if (timeField is null)
        {
            if (interval is not null || startTime is not null || trendsNode is not null || seasonalityNode is not null || noiseNode is not null)
            {
                errors.Add(new SchemaError("$.time_field", "is required for a time series (the field that holds each row's timestamp)"));
            }
            return null;
        }
        var index = fields.FindIndex(f => f.Name == timeField);
        DateTime start = startTime ?? new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        if (index < 0)
        {
            // An undeclared time field is created as the first column: what a user of the seed expects.
            fields.Insert(0, new FieldSpec { Name = timeField, Path = "$.time_field", Type = FieldType.Datetime });
        }
        else if (fields[index].Type != FieldType.Datetime || fields[index].Expression is not null)
        {
            r.Error("time_field", $"'{timeField}' must be a datetime field (or not declared at all)");
        }
        else
        {
            start = startTime ?? fields[index].Start;
        }
        var numeric = fields.Where(f => f.IsNumeric && f.Expression is null).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return new TimeSeriesSpec
        {
            TimeField = timeField,
            Interval = TimeSpan.FromSeconds(interval ?? 3600),
            Start = start,
            Trends = ReadPerField<TrendSpec>(trendsNode, "$.trends", numeric, errors, ReadTrend),
            Seasonality = ReadPerField<IReadOnlyList<SeasonalitySpec>>(seasonalityNode, "$.seasonality", numeric, errors, ReadSeasonality),
            Noise = ReadPerField<double>(noiseNode, "$.noise", numeric, errors, ReadNoise),
        };
    }

    private delegate bool ItemReader<T>(JsonNode? node, string path, List<SchemaError> errors, out T item);

    private static Dictionary<string, T> ReadPerField<T>(JsonNode? node, string path, HashSet<string> numeric, List<SchemaError> errors, ItemReader<T> read)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (node is null) return result;
        if (node is not JsonObject obj)
        {
            errors.Add(new SchemaError(path, "must map numeric field names to settings"));
            return result;
        }
        foreach (var (field, value) in obj)
        {
            var fieldPath = JsonPath.Child(path, field);
            if (!numeric.Contains(field))
            {
                errors.Add(new SchemaError(fieldPath, $"'{field}' is not a generated int or float field{Suggestions.DidYouMean(field, numeric)}"));
                continue;
            }
            if (read(value, fieldPath, errors, out var item)) result[field] = item;
        }
        return result;
    }

    private static bool ReadTrend(JsonNode? node, string path, List<SchemaError> errors, out TrendSpec trend)
    {
        trend = null!;
        if (node is not JsonObject obj)
        {
            errors.Add(new SchemaError(path, "must be an object such as {\"type\": \"linear\", \"strength\": 0.1}"));
            return false;
        }
        var r = new ObjectReader(obj, path, errors);
        var typeName = r.String("type") ?? "linear";
        var strength = r.Number("strength") ?? 0;
        var at = r.Integer("at", 0, int.MaxValue) ?? 0;
        r.RejectUnread(["type", "strength", "at"], "a trend");
        if (!Enum.TryParse<TrendType>(typeName, ignoreCase: true, out var type) || !TrendNames.Contains(typeName))
        {
            r.Error("type", $"unknown trend '{typeName}'; one of {string.Join(", ", TrendNames)}");
            return false;
        }
        trend = new TrendSpec(type, strength, at);
        return true;
    }

    private static bool ReadSeasonality(JsonNode? node, string path, List<SchemaError> errors, out IReadOnlyList<SeasonalitySpec> components)
    {
        var items = node is JsonArray arr ? arr.Select((n, i) => (n, JsonPath.Index(path, i))).ToList() : [(node, path)];
        var result = new List<SeasonalitySpec>();
        foreach (var (item, itemPath) in items)
        {
            if (item is not JsonObject obj)
            {
                errors.Add(new SchemaError(itemPath, "must be an object such as {\"period\": 24, \"amplitude\": 5} (period in steps)"));
                continue;
            }
            var r = new ObjectReader(obj, itemPath, errors);
            var period = r.Number("period", 0, minExclusive: true);
            var amplitude = r.Number("amplitude") ?? 1;
            var phase = r.Number("phase") ?? 0;
            r.RejectUnread(["period", "amplitude", "phase"], "a seasonality component");
            if (period is null)
            {
                if (!r.Has("period")) r.Error("period", "is required (in time steps)");
                continue;
            }
            result.Add(new SeasonalitySpec(period.Value, amplitude, phase));
        }
        components = result;
        return result.Count > 0;
    }

    private static bool ReadNoise(JsonNode? node, string path, List<SchemaError> errors, out double noise)
    {
        double? std = null;
        if (node is JsonObject obj)
        {
            var r = new ObjectReader(obj, path, errors);
            std = r.Number("std", 0);
            r.RejectUnread(["std"], "noise");
        }
        else if (node is not null && ObjectReader.TryNumber(node, out var v) && v >= 0)
        {
            std = v;
        }
        if (std is null) errors.Add(new SchemaError(path, "must be a standard deviation >= 0, or {\"std\": x}"));
        noise = std ?? 0;
        return std is not null;
    }
}
