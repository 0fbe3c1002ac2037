using System.Globalization;
using System.Text;
using System.Text.Json;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class JsonFormatTests
{
    [Fact]
    public void Json_array_parses_with_System_Text_Json_and_keeps_every_value()
    {
        var rows = SampleTable.Rows();
        using var document = JsonDocument.Parse(FormatRunner.Run(new JsonFormat(), rows, 1, 20, 49));

        document.RootElement.ValueKind.Should().Be(JsonValueKind.Array);
        var actual = document.RootElement.EnumerateArray().Select(ReadRow).ToList();
        actual.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Json_with_zero_rows_is_an_empty_array()
    {
        var bytes = FormatRunner.Run(new JsonFormat(), SampleTable.Rows(0));

        using var document = JsonDocument.Parse(bytes);
        document.RootElement.ValueKind.Should().Be(JsonValueKind.Array);
        document.RootElement.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void Json_puts_one_object_per_line_between_brackets()
    {
        var text = Encoding.UTF8.GetString(FormatRunner.Run(
            new JsonFormat(), NotesTable.Layout, 2, (first, count) => NotesTable.Batch(["a", null], first, count), [1, 1]));

        text.Should().Be("[\n{\"id\":1,\"note\":\"a\"},\n{\"id\":2,\"note\":null}\n]\n");
    }

    [Fact]
    public void Json_escapes_control_characters_and_keeps_multibyte_text_raw()
    {
        string[] notes = ["Zoë 北京 😀", "ctl\u0001\u001f", "q\"b\\s/", "nl\n\r\t"];
        var bytes = FormatRunner.Run(new JsonFormat(), NotesTable.Layout, notes.Length, (first, count) => NotesTable.Batch(notes, first, count), []);
        var text = Encoding.UTF8.GetString(bytes);

        text.Should().Contain("\"Zoë 北京 😀\"");
        text.Should().Contain("\"ctl\\u0001\\u001f\"");
        text.Should().Contain("\"q\\\"b\\\\s/\"");
        text.Should().Contain("\"nl\\n\\r\\t\"");
        using var document = JsonDocument.Parse(bytes);
        document.RootElement.EnumerateArray().Select(e => e.GetProperty("note").GetString()).Should().Equal(notes);
    }

    internal static SampleRow ReadRow(JsonElement row)
    {
        row.EnumerateObject().Select(p => p.Name).Should().Equal(
            ["id", "amount", "score", "flag", "created_at", "day", "uid", "note", "status"], "every column is present, null or not");
        return new SampleRow(
            row.GetProperty("id").GetInt64(),
            Nullable(row.GetProperty("amount"), e => e.GetDouble()),
            Nullable(row.GetProperty("score"), e => e.GetDouble()),
            Nullable(row.GetProperty("flag"), e => e.GetBoolean()),
            Nullable(row.GetProperty("created_at"), e => SampleTable.ParseInstant(e.GetString()!)),
            Nullable(row.GetProperty("day"), e => SampleTable.ParseDay(e.GetString()!)),
            Nullable(row.GetProperty("uid"), e => Guid.Parse(e.GetString()!, CultureInfo.InvariantCulture)),
            row.GetProperty("note").GetString(),
            row.GetProperty("status").GetString());
    }

    private static T? Nullable<T>(JsonElement element, Func<JsonElement, T> read) where T : struct =>
        element.ValueKind == JsonValueKind.Null ? null : read(element);
}
