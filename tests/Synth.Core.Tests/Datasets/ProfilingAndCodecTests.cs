using System.Globalization;
using System.Text;
using Synth.Core.Datasets;

namespace Synth.Core.Tests.Datasets;

public class ProfilingAndCodecTests
{
    private static RawTable Sample()
    {
        var csv = new StringBuilder("id,sex,age,income,joined,comment\n");
        for (var i = 0; i < 200; i++)
        {
            var joined = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i * 3);
            csv.Append(CultureInfo.InvariantCulture, $"{1000 + i},{(i % 3 == 0 ? "F" : "M")},{18 + i % 60},{(i * 137.5).ToString(CultureInfo.InvariantCulture)},{joined:yyyy-MM-dd},{(i % 10 == 0 ? "" : "note " + i % 150)}\n");
        }
        return RawTable.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
    }

    [Fact]
    public void Profiling_infers_each_columns_kind_missing_values_and_extremes()
    {
        var profile = DatasetProfiler.Profile(Sample());

        profile.Rows.Should().Be(200);
        profile.Columns.Select(c => c.Kind).Should().Equal(
            ColumnKind.Identifier, ColumnKind.Categorical, ColumnKind.Integer, ColumnKind.Continuous, ColumnKind.Datetime, ColumnKind.Text);
        profile.Columns[1].TopValues.Should().Equal(new ValueCount("M", 133), new ValueCount("F", 67));
        profile.Columns[2].Min.Should().Be("18");
        profile.Columns[2].Max.Should().Be("77");
        profile.Columns[4].Min.Should().Be("2020-01-01T00:00:00Z");
        profile.Columns[5].Missing.Should().Be(20);
    }

    [Fact]
    public void Numeric_and_datetime_columns_get_a_histogram_over_their_bins_counting_every_present_value()
    {
        var profile = DatasetProfiler.Profile(Sample());

        var age = profile.Columns[2];
        age.Histogram.Should().HaveCount(age.SuggestedBins!.Value).And.Subject.Sum().Should().Be(200);
        // Ages 18..77, 60 values, each 3 or 4 times, in 32 equal bins: the first bin holds 18 and 19 (and only them).
        age.Histogram![0].Should().Be(Enumerable.Range(0, 200).Count(i => 18 + i % 60 < 18 + 59.0 / 32));
        profile.Columns[3].Histogram!.Sum().Should().Be(200);
        profile.Columns[4].Histogram.Should().HaveCount(32).And.Subject.Sum().Should().Be(200);
        profile.Columns[1].Histogram.Should().BeNull("a categorical column has its top values instead");
        profile.Columns[5].Histogram.Should().BeNull();
    }

    [Fact]
    public void Integer_codes_with_few_values_are_categories_as_in_integer_coded_benchmarks()
    {
        var table = RawTable.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes("workclass\n" + string.Join("\n", Enumerable.Range(0, 100).Select(i => i % 9)) + "\n")));

        DatasetProfiler.Profile(table).Columns[0].Kind.Should().Be(ColumnKind.Categorical);
    }

    [Fact]
    public void The_draft_domain_encodes_the_table_and_decodes_values_inside_their_bins()
    {
        var table = Sample();
        var domain = DatasetProfiler.DraftDomain(DatasetProfiler.Profile(table), table);
        var codec = new TableCodec(DomainSpec.FromJson(domain.ToJson()));

        var codes = codec.Encode(table);
        var decoded = codec.Decode(codes, seed: 9);

        codec.Domain.Names.Should().Equal("sex", "age", "income", "joined");
        codes.Rows.Should().Be(200);
        decoded.Header.Should().Equal(table.Header);
        decoded.Columns[0].Should().OnlyHaveUniqueItems().And.OnlyContain(id => id!.Length == table.Columns[0][0]!.Length && id.All(char.IsAsciiDigit),
            "identifiers are regenerated in the source's shape");
        decoded.Columns[0].Should().NotEqual(table.Columns[0], "identifiers are drawn from the shape's whole space, never copied");
        decoded.Columns[1].Should().Equal(table.Columns[1], "categories come back exactly");
        decoded.Columns[5].Should().OnlyContain(v => v == null, "free text is not synthesised");
        for (var row = 0; row < 200; row++)
        {
            var age = int.Parse(decoded.Columns[2][row]!, CultureInfo.InvariantCulture);
            age.Should().BeInRange(18, 77);
            codec.Encode(decoded).Columns[1][row].Should().Be(codes.Columns[1][row], "a decoded value falls in its own bin");
        }
        codec.Decode(codes, seed: 9).Columns[3].Should().Equal(decoded.Columns[3], "same codes and seed, same values");
    }

    [Fact]
    public void A_private_pgm_domain_file_reads_as_integer_coded_categories()
    {
        var spec = DomainSpec.FromJson("""{"age": 85, "sex": 2}""");

        var codec = new TableCodec(spec);

        codec.Domain.Names.Should().Equal("age", "sex");
        codec.Domain.Sizes.Should().Equal(85, 2);
    }

    [Fact]
    public void Bins_without_a_missing_code_are_ordered_and_categories_are_not()
    {
        var spec = new DomainSpec(
        [
            new ColumnDomain("id", ColumnKind.Identifier),
            new ColumnDomain("sex", ColumnKind.Categorical) { Categories = ["F", "M"] },
            new ColumnDomain("age", ColumnKind.Integer) { Min = "0", Max = "99", Bins = 10 },
            new ColumnDomain("income", ColumnKind.Continuous) { Min = "0", Max = "1e6", Bins = 20, Missing = true },
            new ColumnDomain("joined", ColumnKind.Datetime) { Min = "2020-01-01", Max = "2021-01-01", Bins = 12 },
            new ColumnDomain("comment", ColumnKind.Text),
        ]);

        // One flag per encoded attribute; income's missing code sits after its last bin, so its codes are not ordered.
        spec.OrderedAttributes().Should().Equal(false, true, false, true);
        DomainSpec.FromJson("""{"age": 85, "sex": 2}""").OrderedAttributes().Should().Equal(false, false);
    }

    [Fact]
    public void Domain_problems_are_reported_with_their_paths()
    {
        var spec = new DomainSpec([
            new ColumnDomain("a", ColumnKind.Integer) { Min = "10", Max = "1", Bins = 0 },
            new ColumnDomain("a", ColumnKind.Categorical),
        ]);

        spec.Validate().Should().BeEquivalentTo(
            "$.columns[0].max: must be >= min",
            "$.columns[0].bins: must be between 1 and 10000",
            "$.columns[1].name: 'a' appears twice",
            "$.columns[1].categories: a categorical column needs at least one category (or \"other\": true)");
    }

    [Fact]
    public void A_value_outside_a_closed_category_list_is_an_error_naming_column_and_row()
    {
        var codec = new TableCodec(new DomainSpec([new ColumnDomain("sex", ColumnKind.Categorical) { Categories = ["F", "M"] }]));
        var table = RawTable.ReadCsv(new MemoryStream("sex\nF\nX\n"u8.ToArray()));

        var encode = () => codec.Encode(table);

        encode.Should().Throw<FormatException>().WithMessage("column 'sex', row 2: 'X' is not in the domain");
        new TableCodec(new DomainSpec([new ColumnDomain("sex", ColumnKind.Categorical) { Categories = ["F", "M"], Other = true }]))
            .Encode(table).Columns[0].Should().Equal(0, 2);
    }
}
