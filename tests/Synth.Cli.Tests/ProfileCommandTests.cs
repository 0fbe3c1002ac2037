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
}
