using Synth.Core.Schema;

namespace Synth.Core.Tests.Schema;

public class SchemaReaderTests
{
    [Fact]
    public void The_seed_example_parses_as_is()
    {
        var schema = SchemaReader.Read(ExampleSchemas.Tabular);

        schema.Fields.Select(f => f.Name).Should().Equal("id", "name", "email", "income", "created_at", "status");
        var income = schema.Find("income")!;
        income.Distribution.Should().Be(Distribution.Normal, "mean/std imply a normal distribution");
        income.Mean.Should().Be(50000);
        income.Min.Should().Be(0);
        schema.Find("status")!.Probabilities.Should().Equal(0.7, 0.2, 0.1);
        schema.Find("created_at")!.End.Should().Be(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), "a date-only end includes that whole day");
    }

    [Fact]
    public void The_same_schema_in_YAML_reads_the_same()
    {
        const string yaml = """
            id: {type: int, min: 1000, max: 9999}
            income:
              type: float
              mean: 50000
              std: 20000
              min: 0
            status:
              type: category
              categories: [active, inactive, pending]
              probabilities: [0.7, 0.2, 0.1]
            """;

        var schema = SchemaReader.Read(yaml, "schema.yaml");

        schema.Fields.Select(f => (f.Name, f.Type)).Should().Equal(("id", FieldType.Int), ("income", FieldType.Float), ("status", FieldType.Category));
        schema.Find("income")!.Std.Should().Be(20000);
        schema.Find("status")!.Categories.Should().Equal("active", "inactive", "pending");
    }

    [Fact]
    public void A_nested_fields_object_is_accepted()
    {
        var schema = SchemaReader.Read("""{"fields": {"a": {"type": "uuid"}}, "locale": "de"}""");

        schema.Fields.Should().ContainSingle().Which.Locale.Should().Be("de");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_JSON_path()
    {
        const string bad = """
            {
              "income": {"type": "float", "mean": 1, "std": -2},
              "status": {"type": "category", "categories": ["a", "b"], "probabilities": [0.5, 0.6]},
              "kind": {"type": "nmae"},
              "x": {"type": "int", "min": 5, "max": 1, "meen": 3},
              "tier": {"type": "category", "categories": ["a", "b"]},
              "when_bad": {"type": "float", "mean": 1, "when": {"tier": {"zzz": {"mean": 2}}}},
              "d": {"type": "date", "start_date": "2020-13-45"}
            }
            """;

        var errors = Errors(bad);

        errors.Should().Contain("$.income.std: must be > 0");
        errors.Should().Contain("$.status.probabilities: must sum to 1 (they sum to 1.1)");
        errors.Should().Contain(e => e.StartsWith("$.kind.type: unknown type 'nmae' (did you mean 'name'?)", StringComparison.Ordinal));
        errors.Should().Contain("$.x.max: must be >= min (5)");
        errors.Should().Contain(e => e.StartsWith("$.x.meen: unknown property for type int (did you mean 'mean'?)", StringComparison.Ordinal));
        errors.Should().Contain("$.when_bad.when.tier.zzz: 'zzz' is not a category of tier (a, b)");
        errors.Should().Contain(e => e.StartsWith("$.d.start_date: '2020-13-45' is not a date", StringComparison.Ordinal));
    }

    [Fact]
    public void Dependency_cycles_are_rejected_with_the_cycle_named()
    {
        const string cyclic = """
            {
              "a": {"type": "float", "expression": "b + 1"},
              "b": {"type": "float", "expression": "c * 2"},
              "c": {"type": "float", "expression": "a - 1"}
            }
            """;

        Errors(cyclic).Should().ContainSingle().Which.Should().Be("$.a.expression: dependency cycle: a → b → c → a");
    }

    [Fact]
    public void Time_series_keys_are_read_and_an_undeclared_time_field_is_created()
    {
        var schema = SchemaReader.Read("""
            {
              "value": {"type": "float", "mean": 10, "std": 1},
              "time_field": "ts",
              "time_interval_seconds": 60,
              "start_time": "2024-05-01T00:00:00Z",
              "trends": {"value": {"type": "exponential", "strength": 0.01}},
              "seasonality": {"value": [{"period": 24, "amplitude": 3}, {"period": 168, "amplitude": 1, "phase": 0.5}]},
              "noise": {"value": 0.2}
            }
            """);

        schema.Fields[0].Name.Should().Be("ts");
        schema.Fields[0].Type.Should().Be(FieldType.Datetime);
        var ts = schema.TimeSeries!;
        ts.Interval.Should().Be(TimeSpan.FromMinutes(1));
        ts.Start.Should().Be(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        ts.Trends["value"].Type.Should().Be(TrendType.Exponential);
        ts.Seasonality["value"].Should().HaveCount(2);
        ts.Noise["value"].Should().Be(0.2);
    }

    [Fact]
    public void Time_series_settings_for_unknown_or_non_numeric_fields_are_errors()
    {
        Errors("""{"s": {"type": "name"}, "time_field": "t", "trends": {"s": {"type": "linear", "strength": 1}}, "seasonality": {"nope": {"period": 3}}}""")
            .Should().BeEquivalentTo(
                "$.trends.s: 's' is not a generated int or float field",
                "$.seasonality.nope: 'nope' is not a generated int or float field");
    }

    [Fact]
    public void Correlation_matrices_must_be_valid()
    {
        const string schema = """
            {
              "a": {"type": "float", "mean": 0, "std": 1},
              "b": {"type": "float", "mean": 0, "std": 1},
              "c": {"type": "float", "mean": 0, "std": 1},
              "correlations": [{"fields": ["a", "b", "c"], "matrix": [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]}]
            }
            """;

        Errors(schema).Should().ContainSingle().Which.Should().StartWith("$.correlations[0].matrix: is not positive definite");
    }

    [Fact]
    public void Unique_needs_a_finite_domain()
    {
        Errors("""{"f": {"type": "float", "min": 0, "max": 1, "unique": true}, "t": {"type": "text", "unique": true}}""")
            .Should().BeEquivalentTo(
                "$.f.unique: a unique float needs 'decimals' (values are drawn without replacement from that grid)",
                "$.t.unique: unique is not supported for type text");
    }

    [Theory]
    [InlineData("{", "$: invalid JSON at line 1")]
    [InlineData("[1, 2]", "$: a schema must be an object")]
    [InlineData("{}", "$: declares no fields")]
    [InlineData("a: [unclosed", "$: invalid YAML")]
    [InlineData("b: [", "$: invalid YAML")]
    [InlineData("b: {", "$: invalid YAML")]
    public void Malformed_text_is_a_located_error(string text, string expectedStart)
    {
        Errors(text).Should().ContainSingle().Which.Should().StartWith(expectedStart);
    }

    private static List<string> Errors(string text)
    {
        var act = () => SchemaReader.Read(text);
        return act.Should().Throw<SchemaException>().Which.Errors.Select(e => e.ToString()).ToList();
    }
}
