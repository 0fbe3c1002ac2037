using System.Text;
using Synth.Core.Datasets;

namespace Synth.Core.Tests.Datasets;

public class CsvReadingTests
{
    private static RawTable Read(string text, Encoding? encoding = null) =>
        RawTable.ReadCsv(new MemoryStream((encoding ?? Encoding.UTF8).GetBytes(text)));

    [Fact]
    public void A_plain_csv_gives_its_header_and_columns_with_empty_fields_as_missing()
    {
        var table = Read("id,name,score\n1,Ann,3.5\n2,,4\n");

        table.Header.Should().Equal("id", "name", "score");
        table.Rows.Should().Be(2);
        table.Columns[1].Should().Equal("Ann", null);
        table.Columns[2].Should().Equal("3.5", "4");
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_doubled_quotes_and_line_breaks()
    {
        var table = Read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\n");

        table.Columns[0].Should().Equal("x, y", "two\nlines");
        table.Columns[1].Should().Equal("say \"hi\"", "z");
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void The_delimiter_is_detected(char delimiter)
    {
        var table = Read($"a{delimiter}b{delimiter}c\n1{delimiter}2,5{delimiter}3\n4{delimiter}5{delimiter}6\n");

        table.Header.Should().Equal("a", "b", "c");
        table.Columns[1].Should().Equal("2,5", "5");
    }

    [Fact]
    public void Latin1_and_utf16_files_are_decoded()
    {
        Read("name\nJosé\n", Encoding.Latin1).Columns[0].Should().Equal("José");
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name\nZoë\n")).ToArray();
        RawTable.ReadCsv(new MemoryStream(utf16)).Columns[0].Should().Equal("Zoë");
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", 3, 1, "expected 2 fields (as in the header), found 1")]
    [InlineData("a,b\n1,x\"y\n", 2, 4, "a quote inside an unquoted field")]
    [InlineData("a,b\n1,\"xy\"z\n", 2, 7, "unexpected 'z' after a closing quote")]
    [InlineData("a,b\n1,\"never closed\n2,3\n", 2, 3, "a quoted field is never closed")]
    [InlineData("a,,c\n1,2,3\n", 1, 2, "column 2 has no name")]
    [InlineData("a,b,a\n1,2,3\n", 1, 3, "column name 'a' is used twice")]
    [InlineData("", 1, 1, "the file is empty")]
    public void Malformed_input_is_reported_with_its_line_and_column(string text, long line, int column, string problem)
    {
        var read = () => Read(text);

        var error = read.Should().Throw<CsvDataException>().Which;
        error.Line.Should().Be(line);
        error.Column.Should().Be(column);
        error.Problem.Should().StartWith(problem);
        error.Message.Should().StartWith($"line {line}, column {column}: ");
    }
}
