using System.Globalization;
using System.Text;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class TsvFormatTests
{
    [Fact]
    public void Tsv_replaces_tabs_and_line_breaks_inside_values_with_spaces()
    {
        var text = Encoding.UTF8.GetString(FormatRunner.Run(
            new TsvFormat(), NotesTable.Layout, 4, (first, count) => NotesTable.Batch(["tab\there", "two\nlines", "crlf\r\nend", "a,b \"q\" Zoë"], first, count), []));

        text.Should().Be("id\tnote\n1\ttab here\n2\ttwo lines\n3\tcrlf  end\n4\ta,b \"q\" Zoë\n");
    }

    [Fact]
    public void Tsv_keeps_one_line_per_row_and_every_value_apart_from_tabs_and_line_breaks()
    {
        var rows = SampleTable.Rows();
        var lines = FormatRunner.RunText(new TsvFormat(), rows, 10, 60).Split('\n');

        lines.Should().HaveCount(rows.Length + 2, "a header, one line per row and the empty rest after the last newline");
        lines[^1].Should().BeEmpty();
        for (var i = 0; i < rows.Length; i++)
        {
            var fields = lines[i + 1].Split('\t');
            fields.Should().HaveCount(9);
            fields[0].Should().Be(rows[i].Id.ToString(CultureInfo.InvariantCulture));
            fields[7].Should().Be((rows[i].Note ?? "").Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' '));
            fields[8].Should().Be(rows[i].Status ?? "");
        }
    }
}
