using System.Text.Json;

namespace Synth.Cli.Tests;

public sealed class EvaluateCommandTests(MixedModelFixture fixture) : IClassFixture<MixedModelFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void With_a_holdout_the_report_has_fidelity_utility_and_privacy_risk_on_stdout_and_in_full_as_json()
    {
        var (real, domain, synthetic) = Files(sampledRows: 2_000);
        var holdout = _dir.Write("holdout.csv", string.Join('\n', File.ReadLines(real).Take(101)) + "\n");

        var result = SynthProcess.Run(_dir.Path, "evaluate", "--real", real, "--synthetic", synthetic, "--domain", domain,
            "--holdout", holdout, "--target", "city", "--output", "report.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("marginals  1-way TV mean ").And.Contain("utility    predicting city on 100 holdout rows").And.Contain("privacy    closest record");
        var report = JsonDocument.Parse(File.ReadAllText(_dir.File("report.json"))).RootElement;
        report.GetProperty("marginals").GetProperty("oneWayCount").GetInt32().Should().Be(4, "id and note are not synthesised");
        report.GetProperty("syntheticRows").GetInt32().Should().Be(2_000);
        report.GetProperty("utility").GetProperty("target").GetString().Should().Be("city");
        report.GetProperty("associations").GetProperty("worstPairs").GetArrayLength().Should().BeGreaterThan(0);
        report.GetProperty("privacyRisk").GetProperty("shareCloserToTrain").GetDouble().Should().BeInRange(0, 1);
    }

    [Fact]
    public void A_synthetic_file_that_copies_the_real_one_shows_no_distance_and_every_row_copied()
    {
        var (real, domain, _) = Files(sampledRows: 10);

        var result = SynthProcess.Run(_dir.Path, "evaluate", "--real", real, "--synthetic", real, "--domain", domain);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("2-way TV mean 0.0000 (max 0.0000)")
            .And.Contain("utility    needs --holdout")
            .And.Contain("exact copies of training rows: 100.00 % of synthetic rows");
    }

    [Fact]
    public void Integer_coded_files_with_a_private_pgm_domain_are_compared_as_categories_predicting_the_last_column()
    {
        var lines = File.ReadLines(Path.Combine(SynthesisData.AdultDirectory(), "adult.csv")).Take(3_001).ToList();
        var real = _dir.Write("real.csv", string.Join('\n', lines.Take(1_501)) + "\n");
        var holdout = _dir.Write("holdout.csv", string.Join('\n', lines.Take(1).Concat(lines.Skip(1_501).Take(500))) + "\n");
        // Further real rows stand in for a synthetic table: close in distribution, copying nothing.
        var synthetic = _dir.Write("synthetic.csv", string.Join('\n', lines.Take(1).Concat(lines.Skip(2_001))) + "\n");

        var result = SynthProcess.Run(_dir.Path, "evaluate", "--real", real, "--synthetic", synthetic, "--holdout", holdout,
            "--domain", SynthesisData.AdultDomain(), "--output", "report.json", "--seed", "3");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("utility    predicting income>50K on 500 holdout rows")
            .And.Contain("(500 rows of each searched, 33 % of the training rows)");
        var report = JsonDocument.Parse(File.ReadAllText(_dir.File("report.json"))).RootElement;
        report.GetProperty("marginals").GetProperty("oneWayCount").GetInt32().Should().Be(14);
        report.GetProperty("associations").GetProperty("worstPairs").EnumerateArray()
            .Select(p => p.GetProperty("measure").GetString()).Should().OnlyContain(m => m == "cramers-v", "a Private-PGM domain says nothing of order");
        report.GetProperty("utility").GetProperty("accuracyRatio").GetDouble().Should().BeGreaterThan(0.8);
    }

    [Theory]
    [InlineData("--holdout=empty.csv", "--holdout: the file has no rows")]
    [InlineData("--synthetic=outside.csv", "--synthetic outside.csv: column 'joined', row 1: 'yesterday' is not in the domain")]
    [InlineData("--domain=broken.json", "--domain broken.json: ")]
    [InlineData("--target=note", "--target: 'note' is not a synthesised column of the domain (city, age, income, joined)")]
    [InlineData("--synthetic=missing.csv", "--synthetic: file not found: missing.csv")]
    [InlineData("--synthetic=partial.csv", "--synthetic partial.csv: no column 'income', 'joined' (the domain names them); the file has id, city, age")]
    [InlineData("--holdout=bad.csv", "--holdout bad.csv: ")]
    [InlineData("--output=no-such-dir/report.json", "--output: directory ")]
    [InlineData("--threads=0", "--threads: must be > 0")]
    public void Bad_input_is_one_line_naming_the_option_and_writes_nothing(string change, string expected)
    {
        var (real, domain, synthetic) = Files(sampledRows: 10);
        _dir.Write("partial.csv", "id,city,age\n1,Lyon,30\n");
        _dir.Write("bad.csv", "id,city,age,income,joined\n1,Lyon,30,\"unterminated,2020-01-01\n");
        _dir.Write("empty.csv", "id,city,age,income,joined\n");
        _dir.Write("outside.csv", "id,city,age,income,joined\n1,Lyon,30,100,yesterday\n");
        _dir.Write("broken.json", "{\"columns\": [");
        var before = _dir.Entries();
        var options = new Dictionary<string, string> { ["--real"] = real, ["--synthetic"] = synthetic, ["--domain"] = domain, ["--output"] = "report.json" };

        var result = SynthProcess.RunChanged(_dir.Path, "evaluate", options, change);

        result.ExitCode.Should().Be(2, result.Stderr);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: " + expected);
        result.Stdout.Should().BeEmpty();
        _dir.Entries().Should().BeEquivalentTo(before);
    }

    private (string Real, string Domain, string Synthetic) Files(int sampledRows)
    {
        var real = SynthesisData.MixedCsv(_dir);
        var domain = SynthesisData.MixedDomain(_dir);
        var sample = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", sampledRows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", "synthetic.csv");
        sample.ExitCode.Should().Be(0, sample.Stderr);
        return (real, domain, _dir.File("synthetic.csv"));
    }
}
