using System.Text;
using System.Text.Json;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class JsonLinesFormatTests
{
    [Fact]
    public void Json_lines_parse_one_object_per_line_with_identical_values()
    {
        var rows = SampleTable.Rows();
        var text = FormatRunner.RunText(new JsonLinesFormat(), rows, 35, 35);

        text.Should().EndWith("}\n");
        var lines = text.Split('\n')[..^1];
        lines.Should().HaveCount(rows.Length, "raw line breaks inside values are escaped");
        var actual = lines.Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return JsonFormatTests.ReadRow(document.RootElement);
        }).ToList();
        actual.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Json_lines_with_zero_rows_is_an_empty_file()
    {
        FormatRunner.Run(new JsonLinesFormat(), SampleTable.Rows(0)).Should().BeEmpty();
    }

    [Fact]
    public void Json_lines_write_non_finite_doubles_as_null()
    {
        var rows = new[] { SampleTable.Rows(1)[0] with { Score = double.NaN, Amount = double.NegativeInfinity } };
        using var document = JsonDocument.Parse(FormatRunner.Run(new JsonLinesFormat(), rows));
        document.RootElement.GetProperty("score").ValueKind.Should().Be(JsonValueKind.Null);
        document.RootElement.GetProperty("amount").ValueKind.Should().Be(JsonValueKind.Null);
        Encoding.UTF8.GetString(FormatRunner.Run(new JsonLinesFormat(), rows)).Should().Contain("\"amount\":null,\"score\":null,");
    }
}
