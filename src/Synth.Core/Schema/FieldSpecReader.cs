using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>Reads one field's spec object into a <see cref="FieldSpec"/>, checking every member against the field's type.</summary>
internal static class FieldSpecReader
{
    private static readonly string[] Common = ["type", "nullable", "unique", "locale", "expression", "when", "description"];
    private static readonly string[] NumericKeys = ["min", "max", "distribution", "mean", "std", "lambda", "scale", "s", "n", "decimals"];
    private static readonly string[] DateKeys = ["start_date", "end_date"];
    private static readonly string[] DistributionNames = ["uniform", "normal", "lognormal", "exponential", "poisson", "zipf"];

    private static readonly string[] RefKeys = ["type", "table", "field", "per_parent", "nullable", "unique", "description"];

    /// <summary>Keys an override inside <c>when</c> may not change.</summary>
    internal static readonly string[] FixedUnderWhen = ["type", "when", "expression", "unique", "locale"];

    public static string[] AllowedKeys(FieldType type) => type switch
    {
        FieldType.Int => [.. Common, .. NumericKeys.Where(k => k != "decimals")],
        FieldType.Float => [.. Common, .. NumericKeys],
        FieldType.Bool => [.. Common, "probability"],
        FieldType.Category => [.. Common, "categories", "probabilities"],
        FieldType.Datetime or FieldType.Date => [.. Common, .. DateKeys],
        FieldType.String => [.. Common, "template", "min_length", "max_length"],
        FieldType.Text => [.. Common, "min_words", "max_words"],
        FieldType.Ref => RefKeys,
        _ => Common,
    };

    /// <summary>Returns null when the spec is unusable; problems go to <paramref name="errors"/>.</summary>
    public static FieldSpec? Read(string name, JsonNode? node, string path, string defaultLocale, List<SchemaError> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(new SchemaError(path, "a field spec must be an object such as {\"type\": \"int\"}"));
            return null;
        }
        var r = new ObjectReader(obj, path, errors);
        var typeName = r.String("type");
        if (typeName is null)
        {
            if (!r.Has("type")) errors.Add(new SchemaError(JsonPath.Child(path, "type"), $"is required; one of {string.Join(", ", FieldTypeNames.Canonical)}"));
            return null;
        }
        if (!FieldTypeNames.TryParse(typeName, out var type))
        {
            r.Error("type", $"unknown type '{typeName}'{Suggestions.DidYouMean(typeName, FieldTypeNames.Canonical)}; one of {string.Join(", ", FieldTypeNames.Canonical)}");
            return null;
        }
        var before = errors.Count;
        var spec = type == FieldType.Ref ? ReadRef(name, r, defaultLocale, errors) : ReadTyped(name, type, r, defaultLocale);
        r.RejectUnread(AllowedKeys(type), $"type {FieldTypeNames.ToName(type)}");
        return errors.Count == before ? spec : null;
    }

    private static FieldSpec ReadTyped(string name, FieldType type, ObjectReader r, string defaultLocale)
    {
        var expression = r.String("expression");
        if (expression is not null && type is not (FieldType.Int or FieldType.Float or FieldType.Bool or FieldType.Category or FieldType.Datetime or FieldType.Date))
        {
            r.Error("expression", "derived fields must be of type int, float, bool, category, datetime or date");
        }
        r.String("description");
        var spec = new FieldSpec
        {
            Name = name,
            Path = r.Path,
            Type = type,
            NullRate = r.Number("nullable", 0, 1) ?? 0,
            Unique = r.Boolean("unique") ?? false,
            Locale = r.String("locale") ?? defaultLocale,
            Expression = expression,
        };
        if (spec.Unique && expression is not null) r.Error("unique", "a derived field cannot be unique");
        if (!Bogus.Database.LocaleResourceExists(spec.Locale))
        {
            r.Error("locale", $"unknown locale '{spec.Locale}'{Suggestions.DidYouMean(spec.Locale, Bogus.Database.GetAllLocales())}");
        }
        spec = type switch
        {
            FieldType.Int or FieldType.Float => ReadNumeric(spec, r),
            FieldType.Bool => WithProbability(spec, r),
            FieldType.Category => ReadCategory(spec, r),
            FieldType.Datetime or FieldType.Date => ReadDates(spec, r),
            FieldType.String => ReadString(spec, r),
            FieldType.Text => ReadText(spec, r),
            _ => spec,
        };
        if (spec.Unique && type is FieldType.Text or FieldType.Street or FieldType.Url)
        {
            r.Error("unique", $"unique is not supported for type {FieldTypeNames.ToName(type)}");
        }
        // "when" is read by the schema reader, which knows the other fields.
        r.Raw("when");
        return spec;
    }

    /// <summary>
    /// A foreign key. Whether the table and field exist is checked by the multi-table reader, which
    /// knows the other tables; here only the spec's own shape.
    /// </summary>
    private static FieldSpec ReadRef(string name, ObjectReader r, string defaultLocale, List<SchemaError> errors)
    {
        var table = r.String("table");
        var field = r.String("field");
        if (table is null && !r.Has("table")) r.Error("table", "is required: the table this key points at");
        if (field is null && !r.Has("field")) r.Error("field", "is required: the key field of that table, e.g. \"id\"");
        r.String("description");
        var nullRate = r.Number("nullable", 0, 1) ?? 0;
        var unique = r.Boolean("unique") ?? false;
        FieldSpec? perParent = null;
        var perParentNode = r.Raw("per_parent");
        var perParentPath = JsonPath.Child(r.Path, "per_parent");
        if (perParentNode is not null)
        {
            perParent = ReadPerParent(name, perParentNode, perParentPath, defaultLocale, errors);
            if (nullRate > 0) r.Error("nullable", "a key with per_parent always has a parent (the table's rows come from its parents)");
            if (unique) r.Error("unique", "per_parent and unique exclude each other (for one child per parent use \"per_parent\": 1)");
        }
        return new FieldSpec
        {
            Name = name, Path = r.Path, Type = FieldType.Ref, NullRate = nullRate, Unique = unique, Locale = defaultLocale,
            Ref = new RefSpec(table ?? "", field ?? "", perParent),
        };
    }

    /// <summary>Children per parent: a whole number, or an int spec without "type" (distribution, min, max); never negative.</summary>
    private static FieldSpec? ReadPerParent(string name, JsonNode node, string path, string locale, List<SchemaError> errors)
    {
        JsonObject spec;
        if (node.GetValueKind() == JsonValueKind.Number && ObjectReader.TryNumber(node, out var fixedCount))
        {
            if (fixedCount < 0 || fixedCount != Math.Floor(fixedCount) || fixedCount > 1_000_000)
            {
                errors.Add(new SchemaError(path, "must be a whole number of children between 0 and 1000000, or a distribution such as {\"distribution\": \"poisson\", \"lambda\": 3}"));
                return null;
            }
            spec = new JsonObject { ["min"] = fixedCount, ["max"] = fixedCount };
        }
        else if (node is JsonObject obj)
        {
            spec = (JsonObject)obj.DeepClone();
            if (spec.ContainsKey("type"))
            {
                errors.Add(new SchemaError(JsonPath.Child(path, "type"), "per_parent is always a whole number of children; give only the distribution and its parameters"));
                return null;
            }
        }
        else
        {
            errors.Add(new SchemaError(path, "must be a number of children or a distribution such as {\"distribution\": \"poisson\", \"lambda\": 3}"));
            return null;
        }
        foreach (var key in new[] { "nullable", "unique", "expression", "when", "locale" })
        {
            if (spec.ContainsKey(key))
            {
                errors.Add(new SchemaError(JsonPath.Child(path, key), "does not apply to per_parent (a count of children)"));
                return null;
            }
        }
        spec["type"] = "int";
        var before = errors.Count;
        var count = Read(name, spec, path, locale, errors);
        if (count is null || errors.Count > before) return null;
        if (count.Min is < 0) errors.Add(new SchemaError(JsonPath.Child(path, "min"), "a parent cannot have fewer than 0 children"));
        if (count.Max is < 0) errors.Add(new SchemaError(JsonPath.Child(path, "max"), "a parent cannot have fewer than 0 children"));
        if (count.Max is > 1_000_000) errors.Add(new SchemaError(JsonPath.Child(path, "max"), "at most 1000000 children per parent"));
        // Counts are never negative whatever the distribution; an unbounded one stops at a million per parent.
        return count with { Min = Math.Max(0, count.Min ?? 0), Max = Math.Min(1_000_000, count.Max ?? 1_000_000) };
    }

    private static FieldSpec WithProbability(FieldSpec spec, ObjectReader r) =>
        spec with { Probability = r.Number("probability", 0, 1) ?? 0.5 };

    private static FieldSpec ReadNumeric(FieldSpec spec, ObjectReader r)
    {
        var min = r.Number("min");
        var max = r.Number("max");
        if (min is { } lo && max is { } hi && lo > hi) r.Error("max", $"must be >= min ({ObjectReader.Fmt(lo)})");
        var mean = r.Number("mean");
        var std = r.Number("std", 0, minExclusive: true);
        var lambda = r.Number("lambda", 0, minExclusive: true);
        var scale = r.Number("scale", 0, minExclusive: true);
        var s = r.Number("s", 0, minExclusive: true);
        var n = r.Integer("n", 1, 1_000_000);
        var decimals = spec.Type == FieldType.Float ? r.Integer("decimals", 0, 12) : null;
        var distributionName = r.String("distribution");
        Distribution distribution;
        if (distributionName is null)
        {
            // The seed format implies the shape: mean/std means normal, otherwise uniform.
            distribution = r.Has("mean") || r.Has("std") ? Distribution.Normal : Distribution.Uniform;
        }
        else if (!Enum.TryParse(distributionName, ignoreCase: true, out distribution) || !DistributionNames.Contains(distributionName, StringComparer.OrdinalIgnoreCase))
        {
            r.Error("distribution", $"unknown distribution '{distributionName}'{Suggestions.DidYouMean(distributionName, DistributionNames)}; one of {string.Join(", ", DistributionNames)}");
        }
        if (lambda is not null && scale is not null) r.Error("scale", "give either lambda or scale (= 1/lambda), not both");
        var usedKeys = distribution switch
        {
            Distribution.Normal or Distribution.Lognormal => new[] { "mean", "std" },
            Distribution.Exponential => ["lambda", "scale"],
            Distribution.Poisson => ["lambda"],
            Distribution.Zipf => ["s", "n"],
            _ => [],
        };
        foreach (var key in new[] { "mean", "std", "lambda", "scale", "s", "n" })
        {
            if (r.Has(key) && !usedKeys.Contains(key)) r.Error(key, $"does not apply to the {distribution.ToString().ToLowerInvariant()} distribution");
        }
        if (distribution == Distribution.Poisson && lambda > 1_000_000) r.Error("lambda", "must be <= 1000000 for the poisson distribution");
        if (distribution == Distribution.Uniform && (min is null || max is null) && spec.Expression is null)
        {
            if (min is null) r.Error("min", "is required for a uniform distribution");
            if (max is null) r.Error("max", "is required for a uniform distribution");
        }
        if (spec.Unique && spec.Type == FieldType.Float && decimals is null)
        {
            r.Error("unique", "a unique float needs 'decimals' (values are drawn without replacement from that grid)");
        }
        if (spec.Unique && (min is null || max is null))
        {
            r.Error("unique", "a unique number needs both min and max (values are drawn without replacement from that range)");
        }
        return spec with
        {
            Min = min, Max = max, Distribution = distribution, Mean = mean ?? 0, Std = std ?? 1,
            Lambda = lambda ?? (scale is { } sc ? 1 / sc : 1), S = s ?? 1.1, N = n ?? 1000, Decimals = decimals ?? -1,
        };
    }

    private static FieldSpec ReadCategory(FieldSpec spec, ObjectReader r)
    {
        var categories = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var node = r.Raw("categories");
        if (node is JsonArray { Count: > InputLimits.MaxCategories } tooMany)
        {
            r.Error("categories", $"lists {tooMany.Count:N0} categories; the limit is {InputLimits.MaxCategories:N0}");
        }
        else if (node is JsonArray arr)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                var item = arr[i];
                if (item is null || item.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array)
                {
                    r.Error("categories", $"item {i} must be a string, number or boolean");
                    continue;
                }
                var label = item.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : item.ToJsonString();
                if (!seen.Add(label)) r.Error("categories", $"'{label}' is listed twice");
                categories.Add(label);
            }
            if (arr.Count == 0) r.Error("categories", "must list at least one category");
        }
        else if (spec.Expression is null)
        {
            r.Error("categories", node is null ? "is required, e.g. [\"a\", \"b\"]" : "must be an array of labels");
        }
        var probabilities = ReadProbabilities(r, categories.Count);
        return spec with
        {
            Categories = categories, Probabilities = probabilities,
        };
    }

    internal static IReadOnlyList<double> ReadProbabilities(ObjectReader r, int count)
    {
        var node = r.Raw("probabilities");
        if (node is null) return [];
        if (node is not JsonArray arr)
        {
            r.Error("probabilities", "must be an array of numbers");
            return [];
        }
        var result = new List<double>();
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not { } item || !ObjectReader.TryNumber(item, out var p) || p < 0)
            {
                r.Error("probabilities", $"item {i} must be a number >= 0");
                return [];
            }
            result.Add(p);
        }
        if (count > 0 && result.Count != count)
        {
            r.Error("probabilities", $"has {result.Count} entries but there are {count} categories");
            return [];
        }
        var sum = result.Sum();
        if (Math.Abs(sum - 1) > 1e-6)
        {
            r.Error("probabilities", $"must sum to 1 (they sum to {ObjectReader.Fmt(Math.Round(sum, 9))})");
            return [];
        }
        return result;
    }

    private static FieldSpec ReadDates(FieldSpec spec, ObjectReader r)
    {
        var startText = r.String("start_date");
        var endText = r.String("end_date");
        DateTime start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), end = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        if (startText is not null && !ObjectReader.TryInstant(startText, out start, out _))
        {
            r.Error("start_date", $"'{startText}' is not a date (use ISO 8601, e.g. 2020-01-31 or 2020-01-31T12:00:00Z)");
        }
        if (endText is not null)
        {
            if (!ObjectReader.TryInstant(endText, out end, out var dateOnly))
            {
                r.Error("end_date", $"'{endText}' is not a date (use ISO 8601, e.g. 2020-12-31 or 2020-12-31T23:59:59Z)");
            }
            else if (dateOnly)
            {
                // "end_date": "2023-12-31" means through that whole day.
                end = end.AddDays(1);
            }
        }
        if (start >= end) r.Error("end_date", "must be after start_date");
        return spec with
        {
            Start = start, End = end,
        };
    }

    private static FieldSpec ReadString(FieldSpec spec, ObjectReader r)
    {
        var template = r.String("template");
        var minLength = r.Integer("min_length", 0, 10_000);
        var maxLength = r.Integer("max_length", 0, 10_000);
        if (template is not null && (minLength is not null || maxLength is not null))
        {
            r.Error("template", "give either a template or min_length/max_length, not both");
        }
        if (template is { Length: > InputLimits.MaxTemplateLength })
        {
            r.Error("template", $"is {template.Length:N0} characters long; the limit is {InputLimits.MaxTemplateLength:N0}");
        }
        else if (template is not null && Generation.Text.StringTemplate.Validate(template) is { } problem)
        {
            r.Error("template", problem);
        }
        var lo = minLength ?? 8;
        var hi = maxLength ?? Math.Max(lo, 16);
        if (lo > hi) r.Error("max_length", $"must be >= min_length ({lo})");
        if (spec.Unique && template is null) r.Error("unique", "a unique string needs a template (values are drawn without replacement from the template's domain)");
        return spec with
        {
            Template = template, MinLength = lo, MaxLength = hi,
        };
    }

    private static FieldSpec ReadText(FieldSpec spec, ObjectReader r)
    {
        var lo = r.Integer("min_words", 1, 10_000) ?? 5;
        var hi = r.Integer("max_words", 1, 10_000) ?? Math.Max(lo, 15);
        if (lo > hi) r.Error("max_words", $"must be >= min_words ({lo})");
        return spec with
        {
            MinWords = lo, MaxWords = hi,
        };
    }
}
