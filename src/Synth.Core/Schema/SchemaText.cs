using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>
/// Turns schema text (JSON or YAML) into one JSON tree, so that a single reader checks both and
/// reports the same paths. YAML plain scalars follow the YAML 1.2 core schema (numbers, booleans,
/// null); quoted scalars stay strings.
/// </summary>
public static class SchemaText
{
    /// <summary>
    /// Reads and parses a schema file, single- or multi-table, within <see cref="BoundedFile"/>'s
    /// size limit; a file that cannot be read is a schema error at <c>$</c> that names it.
    /// </summary>
    public static JsonNode ParseFile(string path)
    {
        string text;
        try
        {
            text = BoundedFile.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SchemaException([new SchemaError("$", $"cannot read schema file '{path}': {e.Message}")]);
        }
        return Parse(text, path);
    }

    public static JsonNode Parse(string text, string? fileName = null)
    {
        var yaml = fileName is not null
            ? fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            : !LooksLikeJson(text);
        return yaml ? ParseYaml(text) : ParseJson(text);
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.AsSpan().TrimStart();
        return t.Length > 0 && (t[0] == '{' || t[0] == '[');
    }

    private static JsonNode ParseJson(string text)
    {
        try
        {
            return JsonTreeReader.Read(text, allowCommentsAndTrailingCommas: true) ?? throw Fail("$", "the schema is empty");
        }
        catch (FormatException e)
        {
            throw Fail("$", e.Message);
        }
    }

    private static JsonNode ParseYaml(string text)
    {
        try
        {
            return YamlTreeReader.Read(text) ?? throw Fail("$", "the schema is empty");
        }
        catch (FormatException e)
        {
            throw Fail("$", e.Message);
        }
    }

    private static SchemaException Fail(string path, string message) => new([new SchemaError(path, message)]);
}
