using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Synth.Core.Data;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class XmlFormatTests
{
    [Fact]
    public void Xml_parses_with_XDocument_and_keeps_every_value()
    {
        var rows = SampleTable.Rows();
        var document = Load(FormatRunner.Run(new XmlFormat(), rows, 50, 20));

        document.Declaration!.Encoding.Should().Be("UTF-8");
        document.Root!.Name.LocalName.Should().Be("rows");
        var actual = document.Root.Elements("row").Select(row => new SampleRow(
            long.Parse(row.Element("id")!.Value, CultureInfo.InvariantCulture),
            Nullable(row, "amount", SampleTable.ParseDouble),
            Nullable(row, "score", SampleTable.ParseDouble),
            Nullable(row, "flag", bool.Parse),
            Nullable(row, "created_at", SampleTable.ParseInstant),
            Nullable(row, "day", SampleTable.ParseDay),
            Nullable(row, "uid", Guid.Parse),
            row.Element("note")?.Value,
            row.Element("status")?.Value)).ToList();

        actual.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Xml_omits_the_element_of_a_null_and_keeps_an_empty_string()
    {
        var text = Encoding.UTF8.GetString(FormatRunner.Run(
            new XmlFormat(), NotesTable.Layout, 2, (first, count) => NotesTable.Batch([null, ""], first, count), []));

        text.Should().Be(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rows>\n" +
            "  <row><id>1</id></row>\n" +
            "  <row><id>2</id><note></note></row>\n" +
            "</rows>\n");
    }

    [Fact]
    public void Xml_with_zero_rows_is_an_empty_root()
    {
        Load(FormatRunner.Run(new XmlFormat(), SampleTable.Rows(0))).Root!.Elements().Should().BeEmpty();
    }

    [Fact]
    public void Xml_escapes_markup_and_keeps_carriage_returns()
    {
        string[] notes = ["<a href=\"x\">&amp;</a> it's", "cr\r\nlf", "Zoë 北京 😀"];
        var bytes = FormatRunner.Run(new XmlFormat(), NotesTable.Layout, notes.Length, (first, count) => NotesTable.Batch(notes, first, count), []);

        Encoding.UTF8.GetString(bytes).Should().Contain("<note>&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt; it&apos;s</note>");
        Load(bytes).Root!.Elements("row").Select(r => r.Element("note")!.Value).Should().Equal(notes);
    }

    [Fact]
    public void Xml_replaces_characters_XML_cannot_carry_with_the_replacement_character()
    {
        string[] notes = ["nul\0 bell\u0007 esc\u001b", "not chars \uFFFE\uFFFF", "fine \uFFFD \uFFEF \t\n"];
        var bytes = FormatRunner.Run(new XmlFormat(), NotesTable.Layout, notes.Length, (first, count) => NotesTable.Batch(notes, first, count), []);

        Load(bytes).Root!.Elements("row").Select(r => r.Element("note")!.Value).Should().Equal(
            "nul\uFFFD bell\uFFFD esc\uFFFD", "not chars \uFFFD\uFFFD", "fine \uFFFD \uFFEF \t\n");
    }

    [Fact]
    public void Xml_sanitises_column_names_deterministically()
    {
        string[] names = ["first name", "2nd", "a:b", "xmlThing", "", "ok-name.1", "北京", "first_name", "first name", "emoji😀"];
        var layout = new TableLayout(names.Select(n => new ColumnInfo(n, ColumnType.Int64, false)).ToArray());
        var bytes = FormatRunner.Run(new XmlFormat(), layout, 1, (first, count) =>
        {
            var batch = new RowBatch(layout, 1) { FirstRow = first, Count = count };
            for (var c = 0; c < names.Length; c++)
            {
                ((Int64Vector)batch.Columns[c]).Values[0] = c;
            }
            return batch;
        }, []);

        Load(bytes).Root!.Element("row")!.Elements().Select(e => e.Name.LocalName).Should().Equal(
            "first_name", "_2nd", "a_b", "_xmlThing", "_", "ok-name.1", "北京", "first_name_2", "first_name_3", "emoji_");
    }

    private static XDocument Load(byte[] bytes) => XDocument.Load(new MemoryStream(bytes), LoadOptions.PreserveWhitespace);

    private static T? Nullable<T>(XElement row, string name, Func<string, T> parse) where T : struct =>
        row.Element(name) is { } element ? parse(element.Value) : null;
}
