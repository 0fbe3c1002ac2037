using System.Text.Json;
using System.Text.RegularExpressions;

namespace Synth.Api.Problems;

/// <summary>
/// Turns a <see cref="JsonException"/> from reading a request body into the field it concerns and a
/// message in the API's terms (JSON types, line and column), never .NET type names.
/// </summary>
internal static partial class JsonErrorDescription
{
    /// <summary>The key for a problem that concerns the body as a whole (syntax errors, an empty body).</summary>
    public const string BodyKey = "body";

    public static (string Field, string Message) Describe(JsonException e)
    {
        var field = FieldOf(e.Path);
        var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
        var message = FirstSentence(e.Message);

        var unmapped = UnmappedProperty().Match(message);
        // The path already ends with the unknown property's name.
        if (unmapped.Success) return (field == BodyKey ? unmapped.Groups[1].Value : field, "is not a field of this request");

        var conversion = Conversion().Match(message);
        if (conversion.Success) return (field, $"must be {Expected(conversion.Groups[1].Value)}{where}");

        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)) return (BodyKey, "the request body is empty; send a JSON object");
        return (field, $"invalid JSON{where}: {message}");
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return BodyKey;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    // Nullable and generic names look like System.Nullable`1[System.Int64]: look inside.
    private static string Expected(string dotnetType) => dotnetType switch
    {
        _ when dotnetType.Contains("List", StringComparison.Ordinal) || dotnetType.EndsWith("[]", StringComparison.Ordinal) => "an array of strings",
        _ when dotnetType.Contains("UInt64", StringComparison.Ordinal) => "a non-negative integer",
        _ when dotnetType.Contains("Int64", StringComparison.Ordinal) || dotnetType.Contains("Int32", StringComparison.Ordinal) => "an integer",
        _ when dotnetType.Contains("String", StringComparison.Ordinal) => "a string",
        _ when dotnetType.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when dotnetType.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when dotnetType.StartsWith("Synth.", StringComparison.Ordinal) => "a JSON object",
        _ => "of another JSON type",
    };

    // System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 5." — reported separately.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ');
    }

    [GeneratedRegex("^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("could not be converted to (.+)$")]
    private static partial Regex Conversion();
}
