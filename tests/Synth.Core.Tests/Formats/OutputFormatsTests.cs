using Synth.Core.Formats;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats;

public class OutputFormatsTests
{
    [Theory]
    [InlineData("csv", typeof(CsvFormat), ".csv")]
    [InlineData("tsv", typeof(TsvFormat), ".tsv")]
    [InlineData("json", typeof(JsonFormat), ".json")]
    [InlineData("jsonl", typeof(JsonLinesFormat), ".jsonl")]
    [InlineData("sql", typeof(SqlFormat), ".sql")]
    [InlineData("xml", typeof(XmlFormat), ".xml")]
    public void Each_text_format_name_creates_that_format(string name, Type type, string extension)
    {
        var format = OutputFormats.Create(name, new FormatOptions());

        format.Should().BeOfType(type);
        format.Name.Should().Be(name);
        format.Extension.Should().Be(extension);
        format.SupportsStreamGzip.Should().BeTrue();
        OutputFormats.Names.Should().Contain(name);
    }

    [Fact]
    public void Parquet_name_creates_the_parquet_format_which_compresses_its_own_pages()
    {
        var format = OutputFormats.Create("parquet", new FormatOptions());

        format.Name.Should().Be("parquet");
        format.SupportsStreamGzip.Should().BeFalse();
    }

    [Fact]
    public void Names_are_matched_ignoring_case_and_surrounding_spaces()
    {
        OutputFormats.Create(" CSV ", new FormatOptions()).Should().BeOfType<CsvFormat>();
    }

    [Fact]
    public void Sql_format_takes_its_dialect_from_the_options()
    {
        OutputFormats.Create("sql", new FormatOptions { SqlDialect = SqlDialect.MySql })
            .Should().BeOfType<SqlFormat>().Which.Dialect.Should().Be(SqlDialect.MySql);
    }

    [Fact]
    public void Names_list_every_format()
    {
        OutputFormats.Names.Should().Equal("csv", "tsv", "json", "jsonl", "sql", "xml", "parquet");
    }

    [Fact]
    public void Unknown_name_is_refused_with_the_valid_names_listed()
    {
        var create = () => OutputFormats.Create("xlsx", new FormatOptions());

        create.Should().Throw<ArgumentException>()
            .WithMessage("Unknown output format 'xlsx'. Valid formats: csv, tsv, json, jsonl, sql, xml, parquet.*")
            .Which.ParamName.Should().Be("name");
    }
}
