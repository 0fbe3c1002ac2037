using System.Globalization;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Datasets;

public class PrivateDomainDerivationTests
{
    private static readonly DomainSpec Kinds = new([
        new ColumnDomain("id", ColumnKind.Identifier),
        new ColumnDomain("colour", ColumnKind.Categorical),
        new ColumnDomain("age", ColumnKind.Integer) { Bins = 20 },
        new ColumnDomain("income", ColumnKind.Continuous),
        new ColumnDomain("joined", ColumnKind.Datetime),
        new ColumnDomain("note", ColumnKind.Text),
    ]);

    /// <summary>
    /// 10,000 rows: colour red/green/blue (5000/3000/1999) and one "mauve"; age 0..99 evenly;
    /// income 1000·(1 + row/10) so quantiles are known; joined one day per row from 2000-01-01;
    /// a missing value in every derived column of row 0.
    /// </summary>
    private static RawTable Table()
    {
        const int rows = 10_000;
        var id = new string?[rows];
        var colour = new string?[rows];
        var age = new string?[rows];
        var income = new string?[rows];
        var joined = new string?[rows];
        var note = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            id[r] = (r + 1).ToString(CultureInfo.InvariantCulture);
            colour[r] = r == 1 ? "mauve" : r < 5000 ? "red" : r < 8000 ? "green" : "blue";
            age[r] = (r % 100).ToString(CultureInfo.InvariantCulture);
            income[r] = (1000 * (1 + r / 10.0)).ToString("R", CultureInfo.InvariantCulture);
            joined[r] = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(r).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            note[r] = "note " + r;
        }
        colour[0] = age[0] = income[0] = joined[0] = null;
        return new RawTable(["id", "colour", "age", "income", "joined", "note"], [id, colour, age, income, joined, note]);
    }

    private static PrivateDomain Derive(RawTable table, double rho, ulong seed, PrivateDomainOptions? options = null) =>
        PrivateDomainDerivation.Derive(table, Kinds, (options ?? new PrivateDomainOptions { Rho = rho }) with { Rho = rho }, new PrivateRandom(seed));

    private static DateTime Date(string iso) => DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static ColumnDomain Column(PrivateDomain derived, string name) => derived.Domain.Columns.Single(c => c.Name == name);

    [Fact]
    public void A_category_held_by_one_row_is_never_released_while_frequent_ones_always_are()
    {
        var table = Table();

        for (var seed = 0UL; seed < 50; seed++)
        {
            var colour = Column(Derive(table, rho: 0.5, seed), "colour");

            colour.Categories.Should().BeEquivalentTo(["red", "green", "blue"], $"seed {seed}");
            colour.Categories.Should().Equal(["red", "green", "blue"], "released values are listed by noisy count, most first");
            colour.Other.Should().BeTrue("mauve, and anything else not released, is encoded as other");
            colour.Missing.Should().BeTrue();
        }
    }

    [Fact]
    public void The_threshold_releases_a_value_held_by_one_row_with_probability_delta_prime()
    {
        // A large δ′ makes the rate measurable: 2000 derivations, 0.2 expected (binomial sd 0.009).
        var table = new RawTable(["colour"], [[.. Enumerable.Repeat<string?>("red", 100), "mauve"]]);
        var kinds = new DomainSpec([new ColumnDomain("colour", ColumnKind.Categorical)]);

        var released = Enumerable.Range(0, 2000).Count(seed => PrivateDomainDerivation.Derive(table, kinds,
            new PrivateDomainOptions { Rho = 0.5, ThresholdDelta = 0.2 }, new PrivateRandom((ulong)seed)).Domain.Columns[0].Categories!.Contains("mauve"));

        (released / 2000.0).Should().BeInRange(0.16, 0.24);
    }

    [Fact]
    public void Bounds_land_near_the_true_1_and_99_percent_quantiles_at_a_large_epsilon()
    {
        var derived = Derive(Table(), rho: 20, seed: 7);

        var age = Column(derived, "age");
        double.Parse(age.Min!, CultureInfo.InvariantCulture).Should().BeInRange(0, 2);
        double.Parse(age.Max!, CultureInfo.InvariantCulture).Should().BeInRange(97, 99);
        age.Bins.Should().Be(20, "the owner's bins are kept");

        // income's 1% quantile is about 11,000 and its 99% about 991,000; candidates are 0.5% apart there.
        var income = Column(derived, "income");
        double.Parse(income.Min!, CultureInfo.InvariantCulture).Should().BeInRange(9_000, 13_000);
        double.Parse(income.Max!, CultureInfo.InvariantCulture).Should().BeInRange(970_000, 1_010_000);
        income.Bins.Should().Be(32, "a column without bins gets the default");

        // joined runs 2000-01-02 .. 2027-05-18; its 1% quantile (day 100) is 2000-04-10, the 99% (day 9899) 2027-02-07 (a candidate per day).
        var joined = Column(derived, "joined");
        Date(joined.Min!).Should()
            .BeCloseTo(new DateTime(2000, 4, 10, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(10));
        Date(joined.Max!).Should()
            .BeCloseTo(new DateTime(2027, 2, 7, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(10));
    }

    [Fact]
    public void A_value_many_rows_share_is_the_bound_when_the_quantile_falls_among_them()
    {
        // Ages 18..77, 50 rows each: the 1% quantile (rank 30) falls among the eighteen-year-olds.
        var ages = Enumerable.Range(0, 3000).Select(i => (string?)(18 + i * 13 % 60).ToString(CultureInfo.InvariantCulture)).ToArray();
        var table = new RawTable(["age"], [ages]);

        for (var seed = 0UL; seed < 10; seed++)
        {
            var age = PrivateDomainDerivation.Derive(table, new DomainSpec([new ColumnDomain("age", ColumnKind.Integer)]), new PrivateDomainOptions { Rho = 0.3 }, new PrivateRandom(seed))
                .Domain.Columns[0];

            (age.Min, age.Max).Should().Be(("18", "77"));
        }
    }

    [Fact]
    public void Bounds_stay_inside_the_owners_public_range()
    {
        var options = new PrivateDomainOptions
        {
            Rho = 1,
            Bounds = new Dictionary<string, PublicRange>
            {
                ["age"] = new("10", "50"),
                ["income"] = new("0", "5000"),
                ["joined"] = new("2005-01-01", "2006-01-01"),
            },
        };

        for (var seed = 0UL; seed < 20; seed++)
        {
            var derived = Derive(Table(), options.Rho, seed, options);

            double.Parse(Column(derived, "age").Min!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(10);
            double.Parse(Column(derived, "age").Max!, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(50);
            double.Parse(Column(derived, "income").Min!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(0);
            double.Parse(Column(derived, "income").Max!, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(5000);
            Date(Column(derived, "joined").Min!).Should().BeOnOrAfter(new DateTime(2005, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            Date(Column(derived, "joined").Max!).Should().BeOnOrBefore(new DateTime(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }
    }

    [Fact]
    public void At_a_tiny_epsilon_the_domain_is_still_valid_and_encodes_every_value()
    {
        var table = Table();

        for (var seed = 0UL; seed < 20; seed++)
        {
            var derived = Derive(table, rho: 1e-8, seed);

            derived.Domain.Validate().Should().BeEmpty();
            foreach (var name in new[] { "age", "income" })
            {
                var column = Column(derived, name);
                double.Parse(column.Min!, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(double.Parse(column.Max!, CultureInfo.InvariantCulture));
                double.Parse(column.Min!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(-1e9);
                double.Parse(column.Max!, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(1e9);
            }
            Column(derived, "colour").Categories.Should().BeEmpty("no count is distinguishable from noise at this epsilon");
            var encoded = new TableCodec(derived.Domain).Encode(table);
            encoded.Rows.Should().Be(table.Rows, "values outside the bounds are clipped, unreleased categories are other, missing values have a code");
        }
    }

    [Fact]
    public void The_spends_add_up_to_the_requested_rho_and_delta()
    {
        var derived = Derive(Table(), rho: 0.3, seed: 1, new PrivateDomainOptions { Rho = 0.3, ThresholdDelta = 1e-8 });

        derived.Spends.Select(s => (s.Column, s.Mechanism)).Should().Equal(
            ("colour", DomainDerivationSpend.ThresholdedCounts),
            ("age", DomainDerivationSpend.Quantile), ("age", DomainDerivationSpend.Quantile),
            ("income", DomainDerivationSpend.Quantile), ("income", DomainDerivationSpend.Quantile), ("income", DomainDerivationSpend.NoisyMax),
            ("joined", DomainDerivationSpend.Quantile), ("joined", DomainDerivationSpend.Quantile), ("joined", DomainDerivationSpend.NoisyMax));
        derived.Spends.Sum(s => s.Rho).Should().BeApproximately(0.3, 1e-12);
        derived.Rho.Should().BeApproximately(0.3, 1e-12);
        derived.Spends.Where(s => s.Column == "colour").Sum(s => s.Rho).Should().BeApproximately(0.3 / 4, 1e-12, "four columns share rho equally");
        derived.ThresholdDelta.Should().Be(1e-8);
    }

    [Fact]
    public void Undeclared_forms_are_derived_privately_and_declared_ones_are_kept_for_free()
    {
        var table = Table();
        var declared = Kinds with
        {
            Columns = [.. Kinds.Columns.Select(c => c.Name switch
            {
                "income" => c with { Form = new ColumnForm { Decimals = 3 } },
                "id" => c with { Form = new ColumnForm { Pattern = "ID-N#####" } },
                _ => c,
            })],
        };

        var derived = Derive(table, rho: 1, seed: 5);
        var kept = PrivateDomainDerivation.Derive(table, declared, new PrivateDomainOptions { Rho = 1 }, new PrivateRandom(5));

        Column(derived, "joined").Form.Should().Be(new ColumnForm { Format = "yyyy-MM-dd" }, "every value is a plain date");
        Column(derived, "income").Form.Should().Be(new ColumnForm { Decimals = 0 }, "income is 1000·(1 + row/10), written without decimals");
        Column(derived, "id").Form.Should().BeNull("an identifier's shape is only ever declared");
        Column(kept, "income").Form.Should().Be(new ColumnForm { Decimals = 3 });
        Column(kept, "id").Form.Should().Be(new ColumnForm { Pattern = "ID-N#####" });
        kept.Spends.Where(s => s.Column == "income").Select(s => s.Mechanism).Should().Equal(DomainDerivationSpend.Quantile, DomainDerivationSpend.Quantile);
        kept.Spends.Where(s => s.Column == "income").Sum(s => s.Rho).Should().BeApproximately(1.0 / 4, 1e-12, "with the form declared, the quantiles get the column's whole share");
    }

    [Fact]
    public void The_same_seed_gives_the_same_domain()
    {
        var table = Table();

        var first = Derive(table, rho: 0.01, seed: 42).Domain.ToJson();

        Derive(table, rho: 0.01, seed: 42).Domain.ToJson().Should().Be(first);
        Derive(table, rho: 0.01, seed: 43).Domain.ToJson().Should().NotBe(first);
    }

    [Fact]
    public void Identifiers_and_free_text_are_copied_and_cost_nothing()
    {
        var derived = Derive(Table(), rho: 1, seed: 3);

        Column(derived, "id").Should().Be(new ColumnDomain("id", ColumnKind.Identifier));
        Column(derived, "note").Should().Be(new ColumnDomain("note", ColumnKind.Text));
        derived.Spends.Should().NotContain(s => s.Column == "id" || s.Column == "note");
        derived.Domain.Columns.Select(c => c.Name).Should().Equal("id", "colour", "age", "income", "joined", "note");
    }

    [Theory]
    [InlineData("salary", "0", "1", "bounds.salary: no such column")]
    [InlineData("colour", "0", "1", "bounds.colour: the column is categorical")]
    [InlineData("age", "50", "10", "bounds.age: the lower bound must be below the upper one")]
    [InlineData("income", "low", "10", "bounds.income: 'low' is not a finite number")]
    [InlineData("joined", "2020-01-01", "soon", "bounds.joined: 'soon' is not an ISO 8601 date or time")]
    public void Bad_public_bounds_are_refused_naming_the_column_before_any_value_is_read(string column, string min, string max, string problem)
    {
        var options = new PrivateDomainOptions { Rho = 1, Bounds = new Dictionary<string, PublicRange> { [column] = new(min, max) } };

        var check = () => PrivateDomainDerivation.Check(Table().Header, Kinds, options);

        check.Should().Throw<ArgumentException>().WithMessage(problem + "*");
    }

    [Theory]
    [InlineData(0, 1e-9, "rho: *")]
    [InlineData(double.PositiveInfinity, 1e-9, "rho: *")]
    [InlineData(1, 0, "thresholdDelta: *")]
    public void A_budget_that_gives_no_guarantee_is_refused(double rho, double thresholdDelta, string problem)
    {
        var derive = () => PrivateDomainDerivation.Derive(Table(), Kinds, new PrivateDomainOptions { Rho = rho, ThresholdDelta = thresholdDelta }, new PrivateRandom(1));

        derive.Should().Throw<ArgumentException>().WithMessage(problem);
    }

    [Fact]
    public void Candidates_resolve_small_values_inside_the_default_wide_range()
    {
        var candidates = PrivateDomainDerivation.Candidates(ColumnKind.Continuous, -1e9, 1e9, 4000);

        candidates.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        candidates[0].Should().Be(-1e9);
        candidates[^1].Should().Be(1e9);
        candidates.Count(c => c is > 0.5 and < 1).Should().BeGreaterThan(5, "values below 1 still have candidates");
        candidates.Count(c => c is > 50_000 and < 100_000).Should().BeGreaterThan(5);
        PrivateDomainDerivation.Candidates(ColumnKind.Integer, 0, 120, 4000).Should().Equal(Enumerable.Range(0, 121).Select(i => (double)i));
    }
}
