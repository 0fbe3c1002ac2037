using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>
/// Reads a schema (JSON or YAML) into a checked <see cref="SchemaDefinition"/>. Two shapes are
/// accepted: the seed's flat one (field name → spec at the top level, beside the reserved
/// time-series keys) and <c>{"fields": {...}, ...}</c>. All problems are collected and thrown
/// together as a <see cref="SchemaException"/>.
/// </summary>
public static class SchemaReader
{
    internal static readonly string[] Reserved =
        ["fields", "locale", "correlations", "time_field", "time_interval_seconds", "start_time", "trends", "seasonality", "noise"];

    public static SchemaDefinition ReadFile(string path) => Read(SchemaText.ParseFile(path));

    public static SchemaDefinition Read(string text, string? fileName = null) => Read(SchemaText.Parse(text, fileName));

    public static SchemaDefinition Read(JsonNode root)
    {
        var errors = new List<SchemaError>();
        if (root is not JsonObject top)
        {
            throw new SchemaException([new SchemaError("$", "a schema must be an object of field name → spec")]);
        }
        if (IsMultiTable(top))
        {
            throw new SchemaException([new SchemaError("$.tables", "this takes a single-table schema; a multi-table one (\"tables\") is generated with `synth run` or a job (POST /jobs, `synth jobs submit`)")]);
        }
        var schema = ReadTable(top, "$", Reserved, "en", parentFields: null, errors);
        if (errors.Count > 0) throw new SchemaException(errors);
        return schema!;
    }

    /// <summary>
    /// True when the schema declares several tables: a "tables" object that is not itself a field
    /// spec (a field called "tables" has a "type").
    /// </summary>
    public static bool IsMultiTable(JsonNode root) =>
        root is JsonObject top && top["tables"] is JsonObject tables && !tables.ContainsKey("type");

    /// <summary>
    /// Reads one table's object (the whole schema, or one entry of "tables"). <paramref name="parentFields"/>
    /// holds the fields of the tables this one references, by qualified name ("customers.tier"),
    /// for <c>when</c>; null outside a multi-table schema, where a ref field is an error.
    /// </summary>
    internal static SchemaDefinition? ReadTable(JsonObject top, string path, string[] reserved, string defaultLocale,
        IReadOnlyDictionary<string, FieldSpec>? parentFields, List<SchemaError> errors, Action<ObjectReader>? readTableKeys = null)
    {
        var before = errors.Count;
        var r = new ObjectReader(top, path, errors);
        readTableKeys?.Invoke(r);
        var locale = r.String("locale") ?? defaultLocale;
        var (fieldsObject, fieldsPath) = FieldsOf(top, r, path, reserved);
        if (fieldsObject.Count > InputLimits.MaxFields)
        {
            throw new SchemaException([new SchemaError(fieldsPath, $"declares {fieldsObject.Count:N0} fields; the limit is {InputLimits.MaxFields:N0}")]);
        }
        var fields = new List<FieldSpec>();
        foreach (var (name, node) in fieldsObject)
        {
            if (fieldsObject == top && reserved.Contains(name)) continue;
            var spec = FieldSpecReader.Read(name, node, JsonPath.Child(fieldsPath, name), locale, errors);
            if (spec is null) continue;
            if (spec.Type == FieldType.Ref && parentFields is null)
            {
                errors.Add(new SchemaError(JsonPath.Child(spec.Path, "type"), "a ref points at another table: declare the tables under \"tables\""));
                continue;
            }
            fields.Add(spec);
        }
        if (fields.Count == 0 && errors.Count == before) errors.Add(new SchemaError(fieldsPath, "declares no fields"));

        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var visible = new Dictionary<string, FieldSpec>(byName, StringComparer.Ordinal);
        foreach (var (name, spec) in parentFields ?? new Dictionary<string, FieldSpec>()) visible.TryAdd(name, spec);
        for (var i = 0; i < fields.Count; i++)
        {
            var node = ((JsonObject)fieldsObject[fields[i].Name]!)["when"];
            if (node is not null) fields[i] = fields[i] with { When = ReadWhen(fields[i], node, fieldsObject, visible, errors) };
        }
        var timeSeries = TimeSeriesReader.Read(r, fields, errors);
        var correlations = CorrelationReader.Read(r.Raw("correlations"), byName, errors);
        DependencyOrder.Check(fields, errors);
        r.RejectUnread(reserved, path == "$" ? "a schema (field specs go under \"fields\" or at the top level)" : "a table (field specs go under \"fields\")");

        if (errors.Count > before) return null;
        return new SchemaDefinition { Fields = fields, TimeSeries = timeSeries, Correlations = correlations, Locale = locale };
    }

    private static (JsonObject Fields, string Path) FieldsOf(JsonObject top, ObjectReader r, string path, string[] reserved)
    {
        if (top["fields"] is JsonObject nested)
        {
            r.Raw("fields");
            return (nested, JsonPath.Child(path, "fields"));
        }
        // Flat form: every non-reserved key is a field; mark them read.
        foreach (var (key, _) in top)
        {
            if (!reserved.Contains(key)) r.Raw(key);
        }
        if (top.ContainsKey("fields")) r.Error("fields", "must be an object of field name → spec");
        return (top, path);
    }

    private static ConditionSpec? ReadWhen(FieldSpec field, JsonNode node, JsonObject fieldsObject, Dictionary<string, FieldSpec> byName, List<SchemaError> errors)
    {
        var path = JsonPath.Child(field.Path, "when");
        if (node is not JsonObject when || when.Count != 1)
        {
            errors.Add(new SchemaError(path, "must name exactly one category field: {\"field\": {\"value\": {overrides}}}"));
            return null;
        }
        var (conditionName, casesNode) = when.First();
        var conditionPath = JsonPath.Child(path, conditionName);
        if (!byName.TryGetValue(conditionName, out var condition))
        {
            // A declared field with its own errors is already reported; naming it "unknown" would mislead.
            if (fieldsObject.ContainsKey(conditionName)) return null;
            errors.Add(new SchemaError(conditionPath, $"unknown field '{conditionName}'{Suggestions.DidYouMean(conditionName, byName.Keys)}"));
            return null;
        }
        if (condition.Type != FieldType.Category || condition.Expression is not null && condition.Categories.Count == 0)
        {
            errors.Add(new SchemaError(conditionPath, $"'{conditionName}' must be a category field with declared categories"));
            return null;
        }
        if (field.Expression is not null)
        {
            errors.Add(new SchemaError(path, "a derived field cannot also have 'when'; use if() in its expression"));
            return null;
        }
        if (field.Type is not (FieldType.Int or FieldType.Float or FieldType.Bool or FieldType.Category or FieldType.Datetime or FieldType.Date))
        {
            errors.Add(new SchemaError(path, "'when' works on int, float, bool, category, datetime and date fields"));
            return null;
        }
        if (casesNode is not JsonObject cases)
        {
            errors.Add(new SchemaError(conditionPath, "must map category values to overrides"));
            return null;
        }
        var result = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var baseSpec = (JsonObject)fieldsObject[field.Name]!;
        foreach (var (value, overrideNode) in cases)
        {
            var casePath = JsonPath.Child(conditionPath, value);
            if (!condition.Categories.Contains(value))
            {
                errors.Add(new SchemaError(casePath, $"'{value}' is not a category of {conditionName} ({string.Join(", ", condition.Categories)})"));
                continue;
            }
            if (overrideNode is not JsonObject overrides)
            {
                errors.Add(new SchemaError(casePath, "must be an object of overrides, e.g. {\"mean\": 10}"));
                continue;
            }
            var merged = (JsonObject)baseSpec.DeepClone();
            merged.Remove("when");
            var ok = true;
            foreach (var (key, value2) in overrides)
            {
                if (FieldSpecReader.FixedUnderWhen.Contains(key))
                {
                    errors.Add(new SchemaError(JsonPath.Child(casePath, key), "cannot be changed per case"));
                    ok = false;
                    continue;
                }
                merged[key] = value2?.DeepClone();
            }
            if (!ok) continue;
            // Re-read the merged spec so each case is checked exactly like a top-level field; errors point into the case.
            var caseErrors = new List<SchemaError>();
            var spec = FieldSpecReader.Read(field.Name, merged, casePath, field.Locale, caseErrors);
            errors.AddRange(caseErrors);
            if (spec is not null) result[value] = spec;
        }
        return new ConditionSpec(conditionName, result);
    }
}
