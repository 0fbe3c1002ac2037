using static Synth.Core.Tests.Generation.Statistics;

namespace Synth.Core.Tests.Generation;

public class DependenceTests
{
    [Fact]
    public void When_changes_a_numeric_fields_parameters_per_category()
    {
        var t = GeneratedTable.Generate("""
            {"plan": {"type": "category", "categories": ["free", "pro"], "probabilities": [0.5, 0.5]},
             "spend": {"type": "float", "mean": 10, "std": 1, "when": {"plan": {"pro": {"mean": 100, "std": 5}}}}}
            """, 20_000);

        var free = Enumerable.Range(0, 20_000).Where(i => (string)t["plan"][i]! == "free").Select(i => (double)t["spend"][i]!).ToList();
        var pro = Enumerable.Range(0, 20_000).Where(i => (string)t["plan"][i]! == "pro").Select(i => (double)t["spend"][i]!).ToList();
        Mean(free).Should().BeApproximately(10, 0.1);
        Mean(pro).Should().BeApproximately(100, 0.3);
        Std(pro).Should().BeApproximately(5, 0.2);
    }

    [Fact]
    public void When_changes_a_categorys_probabilities_per_category()
    {
        var t = GeneratedTable.Generate("""
            {"status": {"type": "category", "categories": ["active", "inactive"]},
             "churn_risk": {"type": "category", "categories": ["low", "high"], "probabilities": [0.9, 0.1],
                            "when": {"status": {"inactive": {"probabilities": [0.2, 0.8]}}}}}
            """, 20_000);

        var inactiveHigh = Enumerable.Range(0, 20_000).Where(i => (string)t["status"][i]! == "inactive").Select(i => (string)t["churn_risk"][i]!).ToList();
        Share(inactiveHigh, r => r == "high").Should().BeApproximately(0.8, 0.02);
    }

    [Fact]
    public void A_gaussian_copula_correlates_fields_and_keeps_their_marginals()
    {
        var t = GeneratedTable.Generate("""
            {"age": {"type": "float", "mean": 40, "std": 10},
             "income": {"type": "float", "distribution": "lognormal", "mean": 10, "std": 0.5},
             "visits": {"type": "int", "distribution": "poisson", "lambda": 3},
             "correlations": [{"fields": ["age", "income", "visits"], "matrix": [[1, 0.8, -0.5], [0.8, 1, -0.3], [-0.5, -0.3, 1]]}]}
            """, 30_000);

        var age = t.Numbers("age");
        var logIncome = t.Numbers("income").Select(x => Math.Log(x)).ToList();
        Pearson(age, logIncome).Should().BeApproximately(0.8, 0.02);
        Pearson(age, t.Numbers("visits")).Should().BeApproximately(-0.5, 0.05);
        Mean(age).Should().BeApproximately(40, 0.2);
        Std(logIncome).Should().BeApproximately(0.5, 0.01);
        Mean(t.Numbers("visits")).Should().BeApproximately(3, 0.05);
    }

    [Fact]
    public void Derived_fields_compute_from_earlier_fields_in_any_declaration_order()
    {
        var t = GeneratedTable.Generate("""
            {"total": {"type": "float", "expression": "price * quantity", "decimals": 2},
             "price": {"type": "float", "min": 1, "max": 100, "decimals": 2},
             "quantity": {"type": "int", "min": 1, "max": 5},
             "tier": {"type": "category", "expression": "total > 250 ? \"big\" : \"small\""},
             "shipped": {"type": "datetime", "expression": "ordered + 86400 * quantity"},
             "ordered": {"type": "datetime", "start_date": "2024-01-01", "end_date": "2024-02-01"}}
            """, 5000);

        for (var i = 0; i < 5000; i++)
        {
            var expected = Math.Round((double)t["price"][i]! * (long)t["quantity"][i]!, 2);
            ((double)t["total"][i]!).Should().BeApproximately(expected, 1e-9);
            t["tier"][i].Should().Be(expected > 250 ? "big" : "small");
            ((DateTime)t["shipped"][i]! - (DateTime)t["ordered"][i]!).Should().Be(TimeSpan.FromDays((long)t["quantity"][i]!));
        }
    }

    [Fact]
    public void Expression_errors_are_reported_with_the_fields_path()
    {
        var act = () => GeneratedTable.Generate("""
            {"status": {"type": "category", "categories": ["a", "b"]},
             "x": {"type": "float", "expression": "status == \"c\" ? 1 : 0"}}
            """, 10);

        act.Should().Throw<Synth.Core.Schema.SchemaException>().Which.Errors.Should().ContainSingle()
            .Which.ToString().Should().StartWith("$.x.expression: position");
    }
}
