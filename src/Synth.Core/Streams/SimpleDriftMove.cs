using System.Text.Json.Nodes;
using Synth.Core.Schema;

namespace Synth.Core.Streams;

/// <summary>The move of <see cref="SimpleDrift"/>: each numeric field's location, by a number of its scales.</summary>
internal static class SimpleDriftMove
{
    private static readonly double UniformScale = 1 / Math.Sqrt(12);

    /// <param name="scales">How many of its scales each field moves (moves × magnitude).</param>
    public static void Apply(JsonObject fields, double scales)
    {
        foreach (var (_, node) in fields)
        {
            if (node is not JsonObject field || field["type"]?.GetValue<string>() is not ("int" or "float") || field.ContainsKey("expression")) continue;
            var whole = field["type"]!.GetValue<string>() == "int";
            if (Number(field, "mean") is { } mean && Number(field, "std") is { } std)
            {
                field["mean"] = mean + scales * std;
                // Bounds move with the mean, or the clipped tail would hold the shift back.
                Shift(field, "min", scales * std, whole);
                Shift(field, "max", scales * std, whole);
            }
            else if (Number(field, "min") is { } min && Number(field, "max") is { } max)
            {
                var shift = scales * (max - min) * UniformScale;
                Shift(field, "min", shift, whole);
                Shift(field, "max", shift, whole);
            }
        }
    }

    private static void Shift(JsonObject field, string key, double by, bool whole)
    {
        if (Number(field, key) is not { } value) return;
        field[key] = whole ? Math.Round(value + by) : value + by;
    }

    private static double? Number(JsonObject field, string key) => field[key] is { } node && ObjectReader.TryNumber(node, out var value) ? value : null;
}
