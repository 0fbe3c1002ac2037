namespace Synth.Cli.Tests;

public class SchemaCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tabular", "valid tabular schema with 6 fields")]
    [InlineData("timeseries", "valid time series schema with 5 fields")]
    [InlineData("relational", "valid multi-table schema with 4 tables (products, customers, orders, order_lines, parents first) and 20 fields")]
    public void Examples_are_written_and_validate(string kind, string expected)
    {
        SynthProcess.Run(_dir.Path, "schema", "create-example", kind, "--output", "s.json").ExitCode.Should().Be(0);

        var r = SynthProcess.Run(_dir.Path, "schema", "validate", "s.json");

        r.ExitCode.Should().Be(0, r.Stderr);
        r.Stdout.Should().Contain(expected);
    }

    [Fact]
    public void Validate_reports_each_problem_on_its_own_line_with_its_path()
    {
        _dir.Write("bad.yaml", """
            income: {type: float, mean: 50000, std: -1}
            status: {type: category, categories: [a, b], probabilities: [0.5]}
            total: {type: float, expression: "income * nope"}
            """);

        var r = SynthProcess.Run(_dir.Path, "schema", "validate", "bad.yaml");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().BeEquivalentTo(
            "error: $.income.std: must be > 0",
            "error: $.status.probabilities: has 1 entries but there are 2 categories");
    }

    [Fact]
    public void Validate_also_checks_expressions_against_the_fields()
    {
        _dir.Write("s.json", """{"income": {"type": "float", "mean": 1, "std": 1}, "total": {"type": "float", "expression": "income * incme"}}""");

        var r = SynthProcess.Run(_dir.Path, "schema", "validate", "s.json");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Single().Should().StartWith("error: $.total.expression: position 10:").And.Contain("did you mean 'income'?");
    }

    [Fact]
    public void Validate_names_a_reference_cycle_between_tables()
    {
        _dir.Write("s.json", """
            {"tables": {"a": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "b": {"type": "ref", "table": "b", "field": "id"}}},
                        "b": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "a": {"type": "ref", "table": "a", "field": "id"}}}}}
            """);

        var r = SynthProcess.Run(_dir.Path, "schema", "validate", "s.json");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().Equal("error: $.tables.b.fields.a.table: reference cycle: a → b → a (a table cannot reference itself, directly or through others)");
    }

    [Fact]
    public void Without_a_kind_the_example_is_the_tabular_one()
    {
        var bare = SynthProcess.Run(_dir.Path, "schema", "create-example");
        var tabular = SynthProcess.Run(_dir.Path, "schema", "create-example", "tabular");

        bare.ExitCode.Should().Be(0, bare.Stderr);
        bare.Stdout.Should().Be(tabular.Stdout).And.Contain("\"income\"");
    }

    [Fact]
    public void An_unknown_example_kind_is_refused()
    {
        var r = SynthProcess.Run(_dir.Path, "schema", "create-example", "graph");

        r.ExitCode.Should().Be(2);
        r.ErrorLines[0].Should().Contain("graph");
    }
}
