using System.Globalization;
using Synth.Core.Datasets;

namespace Synth.Cli.Tests;

public sealed class FitCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Mst_fits_a_slice_of_Adult_under_its_Private_PGM_domain_and_samples_rows_inside_it()
    {
        var data = SynthesisData.AdultSlice(_dir, 2_000);

        var fit = SynthProcess.Run(_dir.Path, "fit", "--data", data, "--domain", SynthesisData.AdultDomain(), "--method", "mst",
            "--epsilon", "1", "--out", "adult.synth", "--seed", "7", "--iterations", "300", "--round-iterations", "100");

        fit.ExitCode.Should().Be(0, fit.Stderr);
        fit.ErrorLines.Should().Contain(l => l.StartsWith("fitted mst on 2,000 rows x 14 columns", StringComparison.Ordinal)
            && l.Contains("epsilon 1, delta 1E-9, rho spent 0.0149", StringComparison.Ordinal) && l.Contains("-> adult.synth", StringComparison.Ordinal));
        var sample = SynthProcess.Run(_dir.Path, "sample", "--model", "adult.synth", "--rows", "1500", "--output", "synthetic.csv");
        sample.ExitCode.Should().Be(0, sample.Stderr);
        ShouldBeInsideTheAdultDomain(ReadCsv("synthetic.csv"), 1_500);
        _dir.Entries().Should().BeEquivalentTo("adult-slice.csv", "adult.synth", "synthetic.csv");
    }

    [Fact]
    public void Privsyn_fits_a_slice_of_Adult_and_samples_rows_inside_its_domain()
    {
        var data = SynthesisData.AdultSlice(_dir, 2_000);

        var fit = SynthProcess.Run(_dir.Path, "fit", "--data", data, "--domain", SynthesisData.AdultDomain(), "--method", "privsyn",
            "--epsilon", "1", "--out", "adult.synth", "--seed", "7", "--iterations", "10");

        fit.ExitCode.Should().Be(0, fit.Stderr);
        fit.ErrorLines.Should().Contain(l => l.StartsWith("fitted privsyn on 2,000 rows x 14 columns", StringComparison.Ordinal)
            && l.Contains("epsilon 1, delta 1E-9, rho spent 0.0149", StringComparison.Ordinal));
        var sample = SynthProcess.Run(_dir.Path, "sample", "--model", "adult.synth", "--rows", "700", "--output", "synthetic.csv");
        sample.ExitCode.Should().Be(0, sample.Stderr);
        ShouldBeInsideTheAdultDomain(ReadCsv("synthetic.csv"), 700);
    }

    [Fact]
    public void Asking_for_a_gpu_where_there_is_none_is_one_line_and_reads_nothing()
    {
        // This machine has no CUDA device (the GPU check script covers machines that do).
        var fit = SynthProcess.Run(_dir.Path, "fit", "--data", "never-read.csv", "--domain", SynthesisData.AdultDomain(), "--method", "aim",
            "--epsilon", "1", "--out", "adult.synth", "--device", "gpu");

        fit.ExitCode.Should().Be(2, fit.Stderr);
        fit.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --device: no CUDA GPU is present");
        _dir.Entries().Should().BeEmpty();
    }

    [Fact]
    public void Aim_fits_a_slice_of_Adult_in_a_few_rounds_and_samples_rows_inside_its_domain()
    {
        var data = SynthesisData.AdultSlice(_dir, 2_000);

        var fit = SynthProcess.Run(_dir.Path, "fit", "--data", data, "--domain", SynthesisData.AdultDomain(), "--method", "aim",
            "--epsilon", "3", "--delta", "1e-6", "--out", "adult.synth", "--seed", "7", "--rounds", "14", "--round-iterations", "50",
            "--iterations", "100", "--max-model-mb", "1", "--threads", "1");

        fit.ExitCode.Should().Be(0, fit.Stderr);
        fit.ErrorLines.Should().Contain(l => l.StartsWith("fitted aim on 2,000 rows", StringComparison.Ordinal) && l.Contains("epsilon 3, delta 1E-6", StringComparison.Ordinal));
        var sample = SynthProcess.Run(_dir.Path, "sample", "--model", "adult.synth", "--rows", "800", "--output", "synthetic.csv");
        sample.ExitCode.Should().Be(0, sample.Stderr);
        ShouldBeInsideTheAdultDomain(ReadCsv("synthetic.csv"), 800);
    }

    [Fact]
    public void A_mixed_table_fits_under_a_Synth_domain_and_samples_every_column_kind_inside_it()
    {
        var data = SynthesisData.MixedCsv(_dir);
        var domain = SynthesisData.MixedDomain(_dir);

        var fit = SynthProcess.Run(_dir.Path, "fit", "--data", data, "--domain", domain, "--method", "mst", "--epsilon", "2", "--out", "mixed.synth", "--seed", "3");
        var sample = SynthProcess.Run(_dir.Path, "sample", "--model", "mixed.synth", "--rows", "3000", "--output", "synthetic.csv");

        fit.ExitCode.Should().Be(0, fit.Stderr);
        sample.ExitCode.Should().Be(0, sample.Stderr);
        var table = ReadCsv("synthetic.csv");
        table.Header.Should().Equal("id", "city", "age", "income", "joined", "note");
        table.Rows.Should().Be(3_000);
        Column(table, "id").Should().Equal(Enumerable.Range(1, 3_000).Select(i => i.ToString(CultureInfo.InvariantCulture)), "identifiers are regenerated as row numbers, never copied");
        Column(table, "city").Should().OnlyContain(v => v == null || SynthesisData.Cities.Contains(v) || v == "other");
        Column(table, "city").Should().Contain((string?)null).And.Contain("Paris, FR").And.Contain("Say \"hi\"");
        Column(table, "age").Should().OnlyContain(v => v != null && int.Parse(v, CultureInfo.InvariantCulture) >= 18 && int.Parse(v, CultureInfo.InvariantCulture) <= 87);
        Column(table, "income").Should().Contain((string?)null).And.OnlyContain(v => v == null || Number(v) >= 0 && Number(v) <= 150_000);
        Column(table, "joined").Should().OnlyContain(v => v != null
            && DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) >= new DateTime(2020, 1, 1)
            && DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) <= new DateTime(2023, 12, 31));
        Column(table, "note").Should().OnlyContain(v => v == null, "free text is not synthesised");
    }

    [Fact]
    public void Nonprivate_takes_no_epsilon_or_inf_and_says_it_gives_no_privacy()
    {
        var without = FitMixed("--method", "nonprivate", "--out", "a.synth", "--seed", "1", "--rounds", "3");
        var withInf = FitMixed("--method", "nonprivate", "--epsilon", "inf", "--out", "b.synth", "--seed", "1", "--rounds", "3");

        without.ExitCode.Should().Be(0, without.Stderr);
        withInf.ExitCode.Should().Be(0, withInf.Stderr);
        without.ErrorLines.Should().ContainSingle().Which.Should().Contain("fitted nonprivate on 400 rows").And.Contain("no privacy (epsilon = inf)");
        File.ReadAllBytes(_dir.File("a.synth")).Should().Equal(File.ReadAllBytes(_dir.File("b.synth")));
    }

    [Fact]
    public void Fits_with_the_same_seed_write_the_same_model_and_warn_that_a_known_seed_is_not_private()
    {
        var first = FitMixed("--method", "independent", "--epsilon", "1", "--out", "a.synth", "--seed", "11");
        var second = FitMixed("--method", "independent", "--epsilon", "1", "--out", "b.synth", "--seed", "11", "--threads", "1");
        var unseeded = FitMixed("--method", "independent", "--epsilon", "1", "--out", "c.synth");

        first.ExitCode.Should().Be(0, first.Stderr);
        first.ErrorLines[0].Should().StartWith("warning: --seed 11 makes the noise reproducible");
        File.ReadAllBytes(_dir.File("a.synth")).Should().Equal(File.ReadAllBytes(_dir.File("b.synth")));
        unseeded.ExitCode.Should().Be(0, unseeded.Stderr);
        unseeded.Stderr.Should().NotContain("warning");
        File.ReadAllBytes(_dir.File("c.synth")).Should().NotEqual(File.ReadAllBytes(_dir.File("a.synth")), "without --seed the noise seed is drawn from the OS");
    }

    [Fact]
    public void An_interrupted_fit_says_so_and_writes_no_model()
    {
        var adult = SynthesisData.AdultDirectory();
        var csvBytes = new FileInfo(Path.Combine(adult, "adult.csv")).Length;

        // Interrupted once it has read the whole CSV, so the fit is under way: AIM with its default
        // rounds on the whole of Adult runs for several seconds after that.
        var result = SynthProcess.Interrupt(_dir.Path, process => SynthProcess.BytesRead(process) > csvBytes,
            "fit", "--data", Path.Combine(adult, "adult.csv"), "--domain", SynthesisData.AdultDomain(), "--method", "aim", "--epsilon", "1", "--out", "adult.synth");

        result.ExitCode.Should().Be(1, result.Stderr);
        result.ErrorLines.Should().Contain("cancelled; no output was written");
        _dir.Entries().Should().BeEmpty();
    }

    [Theory]
    [InlineData("--data=missing.csv", "--data: file not found: missing.csv")]
    [InlineData("--domain=missing.json", "--domain: file not found: missing.json")]
    [InlineData("--data=malformed.csv", "--data malformed.csv: line 3, column 8: a quoted field is never closed")]
    [InlineData("--data=outside.csv", "--data outside.csv: column 'city', row 2: 'Berlin' is not in the domain")]
    [InlineData("--data=missing-value.csv", "--data missing-value.csv: column 'age', row 1: a missing value, but the domain has no missing code")]
    [InlineData("--data=lacking.csv", "--data lacking.csv: no column 'age', 'joined' (the domain names them); the file has city, income")]
    [InlineData("--domain=bad-domain.json", "--domain bad-domain.json: $.age: a Private-PGM domain gives each column its number of values")]
    [InlineData("--domain=not-json.json", "--domain not-json.json: the domain is not valid JSON")]
    [InlineData("--method=privbayes", "--method: unknown synthesis method 'privbayes' (known: aim, independent, mst, nonprivate, privsyn)")]
    [InlineData("--device=tpu", "--device: 'tpu' is not cpu, gpu or auto")]
    [InlineData("--device=gpu", "--device: gpu applies to --method aim and nonprivate only (the GPU path sums AIM's candidate marginals), not mst")]
    [InlineData("--epsilon=0", "--epsilon: must be > 0, got 0")]
    [InlineData("--epsilon=-1", "--epsilon: must be > 0, got -1")]
    [InlineData("--epsilon=NaN", "--epsilon: must be > 0, got NaN")]
    [InlineData("--epsilon=lots", "--epsilon: 'lots' is not a number")]
    [InlineData("--epsilon=inf", "--epsilon: inf means no privacy; use --method nonprivate")]
    [InlineData("--delta=0", "--delta: must be between 0 and 1 (exclusive), got 0")]
    [InlineData("--delta=1", "--delta: must be between 0 and 1 (exclusive), got 1")]
    [InlineData("--delta=NaN", "--delta: must be between 0 and 1 (exclusive), got NaN")]
    [InlineData("--rounds=4", "--rounds: applies to --method aim and nonprivate only, not mst")]
    [InlineData("--threads=0", "--threads: must be > 0")]
    [InlineData("--out=no-such-dir/model.synth", "--out: directory ")]
    public void Bad_input_is_one_line_naming_the_option_and_leaves_no_model(string change, string expected)
    {
        WriteBadInputs();
        var options = new Dictionary<string, string>
        {
            ["--data"] = "mixed.csv", ["--domain"] = "mixed-domain.json", ["--method"] = "mst", ["--epsilon"] = "1", ["--out"] = "model.synth",
        };

        var result = SynthProcess.RunChanged(_dir.Path, "fit", options, change);

        result.ExitCode.Should().Be(2, result.Stderr);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: " + expected);
        _dir.Entries().Should().NotContain(e => e.EndsWith(".synth", StringComparison.Ordinal) || e.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Nonprivate_refuses_a_finite_epsilon_and_a_private_method_one_left_out()
    {
        WriteBadInputs();

        var nonprivate = SynthProcess.Run(_dir.Path, "fit", "--data", "mixed.csv", "--domain", "mixed-domain.json", "--method", "nonprivate", "--epsilon", "1", "--out", "m.synth");
        var aim = SynthProcess.Run(_dir.Path, "fit", "--data", "mixed.csv", "--domain", "mixed-domain.json", "--method", "aim", "--out", "m.synth");

        nonprivate.ExitCode.Should().Be(2);
        nonprivate.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --epsilon: --method nonprivate gives no privacy guarantee");
        aim.ExitCode.Should().Be(2);
        aim.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --epsilon: required by --method aim");
        _dir.Entries().Should().NotContain("m.synth");
    }

    [Fact]
    public void Aim_refuses_fewer_rounds_than_modelled_columns_before_reading_the_data()
    {
        WriteBadInputs();

        var result = SynthProcess.Run(_dir.Path, "fit", "--data", "malformed.csv", "--domain", "mixed-domain.json", "--method", "aim", "--epsilon", "1", "--rounds", "3", "--out", "m.synth");

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --rounds: aim spends one round's share on each column's 1-way marginal first, so it needs at least as many rounds as modelled columns (4), got 3");
        _dir.Entries().Should().NotContain("m.synth");
    }

    /// <summary>Fits the mixed table under its domain with <paramref name="options"/>.</summary>
    private SynthProcess.Result FitMixed(params string[] options) =>
        SynthProcess.Run(_dir.Path, ["fit", "--data", SynthesisData.MixedCsv(_dir), "--domain", SynthesisData.MixedDomain(_dir), .. options]);

    private void WriteBadInputs()
    {
        SynthesisData.MixedCsv(_dir);
        SynthesisData.MixedDomain(_dir);
        _dir.Write("malformed.csv", "id,city,age,income,joined,note\n1,Lyon,30,1,2020-01-01,x\n2,Lyon,\"30,1,2020-01-01,x\n");
        _dir.Write("outside.csv", "id,city,age,income,joined,note\n1,Lyon,30,1,2020-01-01,x\n2,Berlin,30,1,2020-01-01,x\n");
        _dir.Write("missing-value.csv", "id,city,age,income,joined,note\n1,Lyon,,1,2020-01-01,x\n");
        _dir.Write("lacking.csv", "city,income\nLyon,1\n");
        _dir.Write("bad-domain.json", """{"age": 0, "city": 3}""");
        _dir.Write("not-json.json", "{columns:");
        // The mixed domain lets unlisted cities into "other"; this one, closed, refuses Berlin.
        File.WriteAllText(_dir.File("mixed-domain.json"), File.ReadAllText(_dir.File("mixed-domain.json")).Replace("\"other\": true", "\"other\": false", StringComparison.Ordinal));
    }

    private RawTable ReadCsv(string name)
    {
        using var stream = File.OpenRead(_dir.File(name));
        return RawTable.ReadCsv(stream);
    }

    private static string?[] Column(RawTable table, string name) => table.Columns[table.Header.ToList().IndexOf(name)];

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static void ShouldBeInsideTheAdultDomain(RawTable table, int rows)
    {
        var sizes = DomainSpec.FromJson(File.ReadAllText(SynthesisData.AdultDomain())).Columns.ToDictionary(c => c.Name, c => c.Categories!.Count);
        table.Header.Should().Equal(SynthesisData.AdultColumns);
        table.Rows.Should().Be(rows);
        foreach (var name in table.Header)
        {
            Column(table, name).Should().OnlyContain(v => v != null && int.Parse(v, CultureInfo.InvariantCulture) >= 0 && int.Parse(v, CultureInfo.InvariantCulture) < sizes[name], name);
        }
    }
}
