using Synth.Core.Datasets;

namespace Synth.Core.Tests.Datasets;

public class ColumnFormProfilerTests
{
    private static ColumnDomain Draft(string column)
    {
        var table = CustomersTable.Read();
        return DatasetProfiler.DraftDomain(DatasetProfiler.Profile(table), table).Columns.Single(c => c.Name == column);
    }

    [Fact]
    public void The_draft_domain_learns_each_columns_form_from_the_customers_table()
    {
        Draft("customer_id").Should().Be(new ColumnDomain("customer_id", ColumnKind.Identifier) { Form = new ColumnForm { Pattern = "C#########" } },
            "every id is C and nine digits; digits are never literal, so the sample can hold more ids than the source");
        Draft("income").Form.Should().Be(new ColumnForm { Decimals = 2 });
        Draft("monthly_fee").Form.Should().Be(new ColumnForm { Decimals = 2 });
        Draft("signup_date").Form.Should().Be(new ColumnForm { Format = "yyyy-MM-dd" });
        Draft("last_login").Form.Should().Be(new ColumnForm { Format = "yyyy-MM-dd HH:mm:ss" });
        Draft("renewal_at").Form.Should().Be(new ColumnForm { Format = "yyyy-MM-dd'T'HH:mm:sszzz", Offset = "+02:00" });
        Draft("age").Form.Should().BeNull("integers need no form");
        Draft("plan").Categories.Should().BeEquivalentTo(CustomersTable.Plans, "categories keep their spelling and case");
    }

    [Theory]
    [InlineData("12.50", 2)]
    [InlineData("7", 0)]
    [InlineData("-0.125", 3)]
    [InlineData("1e5", -1)]
    public void Decimals_are_counted_as_written(string value, int decimals) =>
        ColumnFormProfiler.DecimalsOf(value).Should().Be(decimals);

    [Theory]
    [InlineData(new[] { "A1", "B2", "C3" }, "AN")]
    [InlineData(new[] { "10", "25", "99" }, "N#")]
    [InlineData(new[] { "ab-01", "cd-20", "ef-31" }, "aa-##")]
    [InlineData(new[] { "x7K", "a9Z", "q0B" }, "a#A")]
    [InlineData(new[] { "k3f", "9zz", "aa1" }, "xxx")]
    public void An_identifier_shape_keeps_shared_letters_and_symbols_and_classes_the_rest(string[] values, string pattern) =>
        ColumnFormProfiler.IdentifierShape(values).Should().Be(pattern);

    [Fact]
    public void Day_first_dates_are_recognised_and_read_with_their_format()
    {
        var form = ColumnFormProfiler.Infer(ColumnKind.Datetime, ["13/02/2024", "01/12/2023", null]);

        form.Should().Be(new ColumnForm { Format = "dd/MM/yyyy" });
        ColumnFormProfiler.TryParseExact("13/02/2024", form!.Format!, out var date).Should().BeTrue();
        date.Should().Be(new DateTime(2024, 2, 13, 0, 0, 0, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData(ColumnKind.Integer, "{\"decimals\": 2}", "$.columns[0].form.decimals: only continuous columns have decimals (this one is integer)")]
    [InlineData(ColumnKind.Continuous, "{\"decimals\": 40}", "$.columns[0].form.decimals: must be between 0 and 12")]
    [InlineData(ColumnKind.Datetime, "{\"format\": \"yyyy-MM-dd'T'HH:mm:sszzz\"}", "$.columns[0].form.offset: the format writes an offset; give it as +hh:mm or -hh:mm (within 14 hours)")]
    [InlineData(ColumnKind.Identifier, "{\"pattern\": \"ID-\\\\#\"}", "$.columns[0].form.pattern: the pattern has no variable position (#, N, A, a, X, x or *), so it gives one value only")]
    [InlineData(ColumnKind.Datetime, "{\"format\": \"hello\"}", "$.columns[0].form.format: 'hello' is not a date and time format that writes a value it can read back (e.g. yyyy-MM-dd)")]
    public void A_form_that_does_not_fit_its_column_is_refused_naming_the_field(ColumnKind kind, string form, string problem)
    {
        var bounds = kind switch
        {
            ColumnKind.Datetime => "\"min\": \"2020-01-01\", \"max\": \"2021-01-01\", \"bins\": 4,",
            ColumnKind.Integer or ColumnKind.Continuous => "\"min\": \"0\", \"max\": \"10\", \"bins\": 4,",
            _ => "",
        };
        var json = $"{{\"columns\": [{{\"name\": \"c\", \"kind\": \"{kind.ToString().ToLowerInvariant()}\", {bounds} \"form\": {form}}}]}}";

        var read = () => DomainSpec.FromJson(json);

        read.Should().Throw<FormatException>().WithMessage(problem);
    }
}
