using System.Text.RegularExpressions;
using static Synth.Core.Tests.Generation.Statistics;

namespace Synth.Core.Tests.Generation;

public class DistributionTests
{
    private const int Rows = 40_000;

    [Fact]
    public void Normal_fields_have_the_declared_mean_and_std()
    {
        var xs = GeneratedTable.Generate("""{"x": {"type": "float", "mean": 100, "std": 15}}""", Rows).Numbers("x");

        Mean(xs).Should().BeApproximately(100, 0.5);
        Std(xs).Should().BeApproximately(15, 0.4);
    }

    [Theory]
    [InlineData("""{"x": {"type": "float", "distribution": "lognormal", "mean": 1, "std": 0.5}}""", 3.080, 0.05)] // e^(μ+σ²/2)
    [InlineData("""{"x": {"type": "float", "distribution": "exponential", "lambda": 2}}""", 0.5, 0.01)]
    [InlineData("""{"x": {"type": "float", "distribution": "exponential", "scale": 4}}""", 4, 0.08)]
    [InlineData("""{"x": {"type": "int", "distribution": "poisson", "lambda": 7}}""", 7, 0.06)]
    [InlineData("""{"x": {"type": "int", "distribution": "poisson", "lambda": 5000}}""", 5000, 1.5)]
    [InlineData("""{"x": {"type": "float", "distribution": "uniform", "min": -2, "max": 6}}""", 2, 0.05)]
    public void Each_distribution_has_its_theoretical_mean(string schema, double expected, double tolerance)
    {
        Mean(GeneratedTable.Generate(schema, Rows).Numbers("x")).Should().BeApproximately(expected, tolerance);
    }

    [Fact]
    public void Zipf_ranks_follow_a_power_law()
    {
        var xs = GeneratedTable.Generate("""{"x": {"type": "int", "distribution": "zipf", "s": 1.5, "n": 100}}""", Rows).Numbers("x");
        var p1 = Share(xs, x => x == 1);
        var p2 = Share(xs, x => x == 2);

        xs.Min().Should().Be(1);
        xs.Max().Should().BeLessThanOrEqualTo(100);
        (p1 / p2).Should().BeApproximately(Math.Pow(2, 1.5), 0.25);
    }

    [Fact]
    public void Int_uniform_covers_both_bounds_evenly()
    {
        var xs = GeneratedTable.Generate("""{"x": {"type": "int", "min": 1, "max": 4}}""", Rows).Numbers("x");

        xs.Distinct().Order().Should().Equal(1, 2, 3, 4);
        foreach (var v in new[] { 1, 2, 3, 4 }) Share(xs, x => x == v).Should().BeApproximately(0.25, 0.01);
    }

    [Fact]
    public void Min_and_max_clip_and_decimals_round()
    {
        var xs = GeneratedTable.Generate("""{"x": {"type": "float", "mean": 0, "std": 10, "min": -5, "max": 5, "decimals": 2}}""", Rows).Numbers("x");

        xs.Min().Should().Be(-5);
        xs.Max().Should().Be(5);
        xs.Should().OnlyContain(x => Math.Round(x, 2) == x);
    }

    [Fact]
    public void Categories_follow_their_probabilities_and_bools_theirs()
    {
        var t = GeneratedTable.Generate("""
            {"status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]},
             "flag": {"type": "bool", "probability": 0.3}}
            """, Rows);

        Share(t.Strings("status"), s => s == "active").Should().BeApproximately(0.7, 0.01);
        Share(t.Strings("status"), s => s == "pending").Should().BeApproximately(0.1, 0.01);
        Share(t["flag"], b => (bool)b!).Should().BeApproximately(0.3, 0.01);
    }

    [Fact]
    public void Nullable_rate_is_the_share_of_nulls()
    {
        var t = GeneratedTable.Generate("""{"x": {"type": "int", "min": 0, "max": 9, "nullable": 0.25}, "n": {"type": "name", "nullable": 0.1}}""", Rows);

        Share(t["x"], v => v is null).Should().BeApproximately(0.25, 0.01);
        Share(t["n"], v => v is null).Should().BeApproximately(0.1, 0.01);
    }

    [Fact]
    public void Datetimes_and_dates_stay_inside_their_range()
    {
        var t = GeneratedTable.Generate("""
            {"at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2020-12-31"},
             "day": {"type": "date", "start_date": "2021-03-01", "end_date": "2021-03-03"}}
            """, Rows);

        t["at"].Cast<DateTime>().Should().OnlyContain(d => d.Year == 2020);
        t["day"].Cast<DateOnly>().Distinct().Order().Should().Equal(new DateOnly(2021, 3, 1), new DateOnly(2021, 3, 2), new DateOnly(2021, 3, 3));
    }

    [Fact]
    public void Templates_produce_strings_of_their_shape()
    {
        var codes = GeneratedTable.Generate("""{"code": {"type": "string", "template": "ORD-{####}-{??}"}}""", 2000).Strings("code");

        codes.Should().OnlyContain(c => Regex.IsMatch(c, "^ORD-[0-9]{4}-[A-Z]{2}$"));
        codes.Distinct().Count().Should().BeGreaterThan(1900);
    }

    [Fact]
    public void Faker_style_types_look_like_what_they_name()
    {
        var t = GeneratedTable.Generate("""
            {"id": {"type": "uuid"}, "ip": {"type": "ip"}, "url": {"type": "url"}, "phone": {"type": "phone"},
             "city": {"type": "city"}, "country": {"type": "country"}, "street": {"type": "street"}, "zip": {"type": "postcode"},
             "company": {"type": "company"}, "bio": {"type": "text", "min_words": 3, "max_words": 6}, "first": {"type": "first_name"}}
            """, 500);

        t["id"].Cast<Guid>().Should().OnlyContain(g => g.ToString()[14] == '4', "UUIDs are version 4");
        t.Strings("ip").Should().OnlyContain(s => Regex.IsMatch(s, @"^\d{1,3}(\.\d{1,3}){3}$") && s.Split('.').Length == 4);
        t.Strings("url").Should().OnlyContain(s => Uri.IsWellFormedUriString(s, UriKind.Absolute) && s.StartsWith("https://www.", StringComparison.Ordinal));
        t.Strings("phone").Should().OnlyContain(s => s.Count(char.IsAsciiDigit) >= 7);
        t.Strings("zip").Should().OnlyContain(s => Regex.IsMatch(s, "^[0-9]{5}(-[0-9]{4})?$"));
        t.Strings("street").Should().OnlyContain(s => Regex.IsMatch(s, "^[0-9]+ .+"));
        t.Strings("bio").Should().OnlyContain(s => s.EndsWith('.') && char.IsUpper(s[0]) && s.Split(' ').Length >= 3 && s.Split(' ').Length <= 6);
        foreach (var c in new[] { "city", "country", "company", "first" }) t.Strings(c).Distinct().Count().Should().BeGreaterThan(50, c);
    }

    [Fact]
    public void A_locale_changes_the_vocabulary()
    {
        var german = GeneratedTable.Generate("""{"street": {"type": "street", "locale": "de"}}""", 200).Strings("street");

        german.Should().Contain(s => s.Contains("straße", StringComparison.Ordinal) || s.Contains("weg", StringComparison.Ordinal));
        german.Should().OnlyContain(s => Regex.IsMatch(s, "^[^0-9].* [0-9]"), "German addresses put the number last");
    }

    [Fact]
    public void Emails_follow_the_name_of_the_same_row()
    {
        var t = GeneratedTable.Generate(Synth.Core.Schema.ExampleSchemas.Tabular, 2000);

        for (var i = 0; i < 2000; i++)
        {
            var name = (string)t["name"][i]!;
            var email = (string)t["email"][i]!;
            var last = Synth.Core.Generation.Text.EmailLocalPart.Fold(name.Split(' ')[^1]);
            email.Should().Contain(last + "", $"row {i}: {email} should derive from {name}");
            email.Should().MatchRegex("^[a-z0-9._]+@[a-z0-9.-]+$");
        }
    }
}
