using System.Globalization;
using System.Text;
using CsvHelper;
using Synth.Core.Data;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class CsvFormatTests
{
    [Fact]
    public void Csv_round_trips_through_CsvHelper_with_identical_values()
    {
        var rows = SampleTable.Rows();
        var bytes = FormatRunner.Run(new CsvFormat(), rows, 7, 30, 33);

        using var reader = CsvReader.Create(bytes, new CsvReaderOptions { Separator = ',', HasHeader = true });
        reader.Headers.Should().Equal("id", "amount", "score", "flag", "created_at", "day", "uid", "note", "status");

        var actual = new List<SampleRow>();
        while (reader.Read())
        {
            reader.FieldCount.Should().Be(9);
            actual.Add(new SampleRow(
                long.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                Nullable(reader, 1, SampleTable.ParseDouble),
                Nullable(reader, 2, SampleTable.ParseDouble),
                Nullable(reader, 3, bool.Parse),
                Nullable(reader, 4, SampleTable.ParseInstant),
                Nullable(reader, 5, SampleTable.ParseDay),
                Nullable(reader, 6, Guid.Parse),
                Text(reader, 7),
                Text(reader, 8)));
        }

        actual.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_newlines()
    {
        var text = EncodeNotes("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "Zoë 北京", "tab\tstays", "it's");

        text.Should().Be(
            "id,note\n" +
            "1,plain\n" +
            "2,\"a,b\"\n" +
            "3,\"say \"\"hi\"\"\"\n" +
            "4,\"two\nlines\"\n" +
            "5,\"cr\rhere\"\n" +
            "6,Zoë 北京\n" +
            "7,tab\tstays\n" +
            "8,it's\n");
    }

    [Fact]
    public void Csv_writes_null_as_an_empty_field_and_empty_string_as_two_quotes()
    {
        EncodeNotes("", null).Should().Be("id,note\n1,\"\"\n2,\n");
    }

    [Fact]
    public void Csv_header_quotes_column_names_like_values()
    {
        var layout = new TableLayout([new ColumnInfo("a,b", ColumnType.Int64, false), new ColumnInfo("say \"x\"", ColumnType.Int64, false)]);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        new CsvFormat().WriteHeader(layout, output);
        Encoding.UTF8.GetString(output.WrittenSpan).Should().Be("\"a,b\",\"say \"\"x\"\"\"\n");
    }

    [Fact]
    public void Csv_spells_non_finite_doubles_as_dotnet_parses_them()
    {
        var layout = new TableLayout([new ColumnInfo("x", ColumnType.Float64, false), new ColumnInfo("y", ColumnType.Float64, false, decimals: 2)]);
        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var bytes = FormatRunner.Run(new CsvFormat(), layout, values.Length, (first, count) =>
        {
            var batch = new RowBatch(layout, count) { FirstRow = first, Count = count };
            for (var i = 0; i < count; i++)
            {
                ((Float64Vector)batch.Columns[0]).Values[i] = values[first + i];
                ((Float64Vector)batch.Columns[1]).Values[i] = values[first + i];
            }
            return batch;
        }, []);
        Encoding.UTF8.GetString(bytes).Should().Be("x,y\nNaN,NaN\nInfinity,Infinity\n-Infinity,-Infinity\n");
    }

    internal static string EncodeNotes(params string?[] notes) => Encoding.UTF8.GetString(FormatRunner.Run(
        new CsvFormat(), NotesTable.Layout, notes.Length, (first, count) => NotesTable.Batch(notes, first, count), [notes.Length]));

    private static T? Nullable<T>(CsvReader reader, int field, Func<string, T> parse) where T : struct =>
        reader.IsEmpty(field) ? null : parse(reader.GetString(field));

    // A null is an empty field; an empty string is "" (two quotes), so the raw bytes tell them apart.
    private static string? Text(CsvReader reader, int field) => reader.GetRawSpan(field).IsEmpty ? null : reader.GetString(field);
}
