using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Synth.Core.Datasets;

namespace Synth.Core.Tests.Datasets;

public sealed class TableWriterTests
{
    private static readonly RawTable Table = new(["name", "age", "note"], [
        ["ann", "bo, \"b\"", "", null],
        ["31", "4", null, "7"],
        ["x", null, "line\nbreak", "é"],
    ]);

    private static readonly ColumnKind[] Kinds = [ColumnKind.Categorical, ColumnKind.Integer, ColumnKind.Text];

    /// <summary>The file in one go; gzip makes a member per batch, so a gzipped file is the same bytes for the same batches (as a model's sample always has).</summary>
    private static byte[] OnePiece(string format, bool gzip = false)
    {
        using var output = new MemoryStream();
        new TableWriter(format, Table.Header, Kinds, gzip).WriteAll(gzip ? [Rows(0, 2), Rows(2, 2)] : [Table], output);
        return output.ToArray();
    }

    private static byte[] InPieces(string format, bool gzip = false)
    {
        // Rows 0-1 and 2-3 written apart, as two shards would, then joined.
        var writer = new TableWriter(format, Table.Header, Kinds, gzip);
        var (first, second) = (Rows(0, 2), Rows(2, 2));
        using var output = new MemoryStream();
        writer.WriteHeader(output);
        writer.WriteRows(first, 0, output);
        writer.WriteRows(second, 2, output);
        writer.WriteFooter(output);
        return output.ToArray();
    }

    private static RawTable Rows(int from, int count) => new(Table.Header, [.. Table.Columns.Select(c => c.Skip(from).Take(count).ToArray())]);

    [Fact]
    public void Csv_quotes_what_needs_quoting_writes_missing_as_empty_and_the_empty_string_as_two_quotes()
    {
        Encoding.UTF8.GetString(OnePiece("csv")).Should().Be(
            "name,age,note\nann,31,x\n\"bo, \"\"b\"\"\",4,\n\"\",,\"line\nbreak\"\n,7,é\n");
    }

    [Fact]
    public void Json_writes_numbers_for_numeric_columns_strings_for_the_rest_and_null_for_missing()
    {
        var rows = JsonDocument.Parse(OnePiece("json")).RootElement;

        rows.GetArrayLength().Should().Be(4);
        rows[0].GetProperty("age").GetInt32().Should().Be(31);
        rows[0].GetProperty("name").GetString().Should().Be("ann");
        rows[2].GetProperty("age").ValueKind.Should().Be(JsonValueKind.Null);
        rows[3].GetProperty("note").GetString().Should().Be("é");
        Encoding.UTF8.GetString(OnePiece("json")).Should().StartWith("[\n{\"name\":\"ann\",\"age\":31,\"note\":\"x\"},\n").And.EndWith("}\n]\n");
    }

    [Theory]
    [InlineData("csv", false)]
    [InlineData("json", false)]
    [InlineData("jsonl", false)]
    [InlineData("json", true)]
    public void Batches_written_apart_join_into_exactly_the_file_written_in_one_go(string format, bool gzip)
    {
        InPieces(format, gzip).Should().Equal(OnePiece(format, gzip));
    }

    [Fact]
    public void Gzip_pieces_are_members_of_one_valid_gzip_file()
    {
        using var gzip = new GZipStream(new MemoryStream(InPieces("jsonl", gzip: true)), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);

        text.ReadToEnd().Should().Be(Encoding.UTF8.GetString(OnePiece("jsonl")));
    }

    [Fact]
    public void An_empty_sample_is_still_a_valid_file()
    {
        using var output = new MemoryStream();
        new TableWriter("json", Table.Header, Kinds).WriteAll([], output);

        JsonDocument.Parse(output.ToArray()).RootElement.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void An_unknown_format_is_refused_with_the_known_ones()
    {
        var act = () => new TableWriter("parquet", Table.Header);

        act.Should().Throw<ArgumentException>().WithMessage("*one of csv, jsonl, json*");
    }
}
