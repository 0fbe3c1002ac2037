using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synth.Core.Schema;

/// <summary>
/// Reads JSON text into a tree, strictly and within bounds: at most <see cref="InputLimits.MaxDepth"/>
/// levels and <see cref="InputLimits.MaxValues"/> values (counted by a scan before any node is
/// built, so a huge array costs a pass, not the memory of its nodes), no duplicate keys, and no
/// string escape that is half a surrogate pair. System.Text.Json's nodes read strings lazily, so
/// without the scan those last two would surface later as exceptions outside any error path.
/// Every problem is a <see cref="FormatException"/> that gives the line and column.
/// </summary>
public static class JsonTreeReader
{
    public static JsonNode? Read(string text, bool allowCommentsAndTrailingCommas = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var options = new JsonDocumentOptions
        {
            AllowTrailingCommas = allowCommentsAndTrailingCommas,
            CommentHandling = allowCommentsAndTrailingCommas ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            MaxDepth = InputLimits.MaxDepth,
            AllowDuplicateProperties = false,
        };
        var utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            Scan(utf8, options);
            return JsonNode.Parse(utf8, documentOptions: options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");
        }
    }

    private static void Scan(byte[] utf8, JsonDocumentOptions options)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.CommentHandling,
            MaxDepth = options.MaxDepth,
        });
        var values = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.PropertyName or JsonTokenType.String when reader.ValueIsEscaped:
                    CheckEscapes(ref reader, utf8);
                    break;
            }
            if (reader.TokenType is not JsonTokenType.PropertyName && ++values > InputLimits.MaxValues)
            {
                throw Fail(utf8, reader.TokenStartIndex, $"more than {InputLimits.MaxValues:N0} values; split the input or shorten its lists");
            }
        }
    }

    private static void CheckEscapes(ref Utf8JsonReader reader, byte[] utf8)
    {
        try
        {
            reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Fail(utf8, reader.TokenStartIndex, "a \\u escape is half of a surrogate pair (not a character)");
        }
    }

    private static FormatException Fail(byte[] utf8, long offset, string message)
    {
        var line = 1;
        var lineStart = 0L;
        for (var i = 0L; i < offset; i++)
        {
            if (utf8[i] != (byte)'\n') continue;
            line++;
            lineStart = i + 1;
        }
        return new FormatException($"invalid JSON at line {line}, column {offset - lineStart + 1}: {message}");
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = i > 0 ? message[..i] : message;
        i = text.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return i > 0 ? text[..i].TrimEnd() : text;
    }
}
