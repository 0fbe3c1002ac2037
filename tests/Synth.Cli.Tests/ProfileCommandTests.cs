using Synth.Core.Datasets;

namespace Synth.Cli.Tests;

public sealed class ProfileCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Profile_writes_a_draft_domain_that_reads_back_and_describes_each_column_on_stderr()
    {
        var csv = _dir.Write("people.csv", "id;sex;age\n" + string.Join("\n", Enumerable.Range(0, 100).Select(i => $"{i};{(i % 2 == 0 ? "F" : "M")};{20 + i % 50}")) + "\n");

        var result = SynthProcess.Run(_dir.Path, "profile", "--data", csv, "--output", "domain.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("100 rows, 3 columns").And.Contain("id: identifier").And.Contain("sex: categorical").And.Contain("age: integer");
        var domain = DomainSpec.FromJson(File.ReadAllText(_dir.File("domain.json")));
        domain.Columns.Select(c => c.Kind).Should().Equal(ColumnKind.Identifier, ColumnKind.Categorical, ColumnKind.Integer);
        domain.Columns[1].Categories.Should().BeEquivalentTo("F", "M");
    }

    [Fact]
    public void A_malformed_csv_is_one_error_line_with_its_line_and_column_and_exit_code_2()
    {
        var csv = _dir.Write("bad.csv", "a,b\n1,2\n3,\"open\n");

        var result = SynthProcess.Run(_dir.Path, "profile", "--data", csv, "--output", "domain.json");

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().EndWith("bad.csv: line 3, column 3: a quoted field is never closed (missing \")");
        _dir.Entries().Should().NotContain("domain.json");
    }

    private string People(int rows) => _dir.Write("people.csv", "id,colour,age,joined\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i =>
        $"{i},{(i == 7 ? "mauve" : i % 3 == 0 ? "red" : "blue")},{20 + i % 50},{new DateTime(2020, 1, 1).AddDays(i % 365):yyyy-MM-dd}")) + "\n");

    [Fact]
    public void Private_profile_writes_a_domain_derived_with_differential_privacy_and_tells_what_it_spent()
    {
        var csv = People(3000);

        var result = SynthProcess.Run(_dir.Path, "profile", "--data", csv, "--output", "domain.json", "--private", "--epsilon", "8", "--delta", "1e-6",
            "--bounds", "age=0:150", "--seed", "9");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("spent rho").And.Contain("epsilon 8 at delta 1E-06").And.Contain("delta' 1E-07");
        var domain = DomainSpec.FromJson(File.ReadAllText(_dir.File("domain.json")));
        domain.Derivation.Should().NotBeNull();
        domain.Derivation!.ThresholdDelta.Should().Be(1e-7);
        var colour = domain.Columns.Single(c => c.Name == "colour");
        colour.Categories.Should().BeEquivalentTo(["red", "blue"], "mauve is held by one row");
        colour.Other.Should().BeTrue();
        var age = domain.Columns.Single(c => c.Name == "age");
        int.Parse(age.Min!).Should().BeInRange(0, 25);
        int.Parse(age.Max!).Should().BeInRange(60, 150);
        domain.Columns.Single(c => c.Name == "joined").Min.Should().StartWith("2020-");
    }

    [Fact]
    public void Wider_quantiles_give_bounds_at_least_as_wide()
    {
        var csv = People(3000);

        SynthProcess.Run(_dir.Path, "profile", "--data", csv, "-o", "narrow.json", "--private", "-e", "8", "--bounds", "age=0:150", "--seed", "2",
            "--quantiles", "0.25:0.75").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, "profile", "--data", csv, "-o", "wide.json", "--private", "-e", "8", "--bounds", "age=0:150", "--seed", "2",
            "--quantiles", "0:1").ExitCode.Should().Be(0);

        var narrow = DomainSpec.FromJson(File.ReadAllText(_dir.File("narrow.json"))).Columns.Single(c => c.Name == "age");
        var wide = DomainSpec.FromJson(File.ReadAllText(_dir.File("wide.json"))).Columns.Single(c => c.Name == "age");
        // Ages are 20..69, evenly: the quartiles sit near 32 and 57, the extremes at 20 and 69.
        int.Parse(narrow.Min!).Should().BeInRange(27, 38);
        int.Parse(narrow.Max!).Should().BeInRange(51, 62);
        int.Parse(wide.Min!).Should().BeLessThan(int.Parse(narrow.Min!));
        int.Parse(wide.Max!).Should().BeGreaterThan(int.Parse(narrow.Max!));
    }

    [Fact]
    public void The_same_seed_writes_the_same_private_domain()
    {
        var csv = People(500);

        SynthProcess.Run(_dir.Path, "profile", "--data", csv, "-o", "a.json", "--private", "-e", "1", "--seed", "4").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, "profile", "--data", csv, "-o", "b.json", "--private", "-e", "1", "--seed", "4").ExitCode.Should().Be(0);

        DomainSpec.FromJson(File.ReadAllText(_dir.File("a.json"))).SameColumns(DomainSpec.FromJson(File.ReadAllText(_dir.File("b.json")))).Should().BeTrue();
    }

    [Theory]
    [InlineData("--epsilon: required by --private", "--private")]
    [InlineData("--epsilon: must be a positive, finite number", "--private", "--epsilon", "0")]
    [InlineData("--epsilon: must be a positive, finite number", "--private", "--epsilon", "inf")]
    [InlineData("--threshold-delta: must be above 0 and below --delta", "--private", "--epsilon", "1", "--delta", "1e-6", "--threshold-delta", "1e-5")]
    [InlineData("--bounds: 'age' is not col=low:high", "--private", "--epsilon", "1", "--bounds", "age")]
    [InlineData("--bounds: bounds.salary: no such column", "--private", "--epsilon", "1", "--bounds", "salary=0:1")]
    [InlineData("--bounds: bounds.age: the lower bound must be below the upper one", "--private", "--epsilon", "1", "--bounds", "age=9:1")]
    [InlineData("--epsilon: applies with --private only", "--epsilon", "1")]
    [InlineData("--quantiles: '0.9:0.1' is not low:high", "--private", "--epsilon", "1", "--quantiles", "0.9:0.1")]
    [InlineData("--quantiles: applies with --private only", "--quantiles", "0:1")]
    public void Bad_private_options_are_one_error_line_naming_the_option_and_nothing_is_written(string error, params string[] options)
    {
        var csv = People(100);

        var result = SynthProcess.Run(_dir.Path, ["profile", "--data", csv, "--output", "domain.json", .. options]);

        result.ExitCode.Should().Be(2, result.Stderr);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: " + error);
        _dir.Entries().Should().NotContain("domain.json");
    }
}
