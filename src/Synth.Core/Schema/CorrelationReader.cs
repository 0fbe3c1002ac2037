using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>
/// Reads <c>"correlations": [{"fields": ["age", "income"], "matrix": [[1, 0.6], [0.6, 1]]}]</c>
/// (a single object is accepted too) and checks that the matrix is a valid correlation matrix.
/// </summary>
internal static class CorrelationReader
{
    public static IReadOnlyList<CorrelationSpec> Read(JsonNode? node, Dictionary<string, FieldSpec> byName, List<SchemaError> errors)
    {
        if (node is null) return [];
        var items = node is JsonArray arr ? arr.Select((n, i) => (n, $"$.correlations[{i}]")).ToList() : [(node, "$.correlations")];
        var result = new List<CorrelationSpec>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in items)
        {
            if (item is not JsonObject obj)
            {
                errors.Add(new SchemaError(path, "must be {\"fields\": [...], \"matrix\": [[...]]}"));
                continue;
            }
            var r = new ObjectReader(obj, path, errors);
            var fields = ReadFields(r, byName, used);
            var matrix = ReadMatrix(r, fields.Count);
            r.RejectUnread(["fields", "matrix"], "a correlation group");
            if (fields.Count >= 2 && matrix is not null) result.Add(new CorrelationSpec(path, fields, matrix));
        }
        return result;
    }

    private static List<string> ReadFields(ObjectReader r, Dictionary<string, FieldSpec> byName, HashSet<string> used)
    {
        var result = new List<string>();
        if (r.Raw("fields") is not JsonArray arr || arr.Count < 2)
        {
            r.Error("fields", "must list at least two numeric fields");
            return result;
        }
        foreach (var item in arr)
        {
            var name = item?.GetValueKind() == System.Text.Json.JsonValueKind.String ? item.GetValue<string>() : null;
            if (name is null || !byName.TryGetValue(name, out var field))
            {
                r.Error("fields", $"unknown field '{name ?? item?.ToJsonString()}'{Suggestions.DidYouMean(name ?? "", byName.Keys)}");
                continue;
            }
            if (!field.IsNumeric || field.Expression is not null || field.Unique)
            {
                r.Error("fields", $"'{name}' must be a generated (not derived, not unique) int or float field");
                continue;
            }
            if (!used.Add(name))
            {
                r.Error("fields", $"'{name}' is already in another correlation group (or listed twice)");
                continue;
            }
            result.Add(name);
        }
        return result;
    }

    private static double[,]? ReadMatrix(ObjectReader r, int n)
    {
        if (r.Raw("matrix") is not JsonArray rows || rows.Count != n)
        {
            r.Error("matrix", $"must be a {n}×{n} array of rows");
            return null;
        }
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            if (rows[i] is not JsonArray row || row.Count != n)
            {
                r.Error("matrix", $"row {i} must have {n} numbers");
                return null;
            }
            for (var j = 0; j < n; j++)
            {
                if (row[j] is not { } cell || !ObjectReader.TryNumber(cell, out m[i, j]) || m[i, j] < -1 || m[i, j] > 1)
                {
                    r.Error("matrix", $"[{i}][{j}] must be a number between -1 and 1");
                    return null;
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            if (m[i, i] != 1) r.Error("matrix", $"diagonal [{i}][{i}] must be 1");
            for (var j = 0; j < i; j++)
            {
                if (Math.Abs(m[i, j] - m[j, i]) > 1e-12) r.Error("matrix", $"must be symmetric ([{i}][{j}] ≠ [{j}][{i}])");
            }
        }
        if (Generation.Numeric.Cholesky.TryDecompose(m) is null) r.Error("matrix", "is not positive definite (no valid correlation structure has these values)");
        return m;
    }
}
