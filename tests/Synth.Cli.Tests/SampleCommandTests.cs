using System.Globalization;
using System.Text.Json;
using Synth.Core.Datasets;

namespace Synth.Cli.Tests;

/// <summary>A model of the mixed table, fitted once through the CLI for every sampling test.</summary>
public sealed class MixedModelFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public MixedModelFixture()
    {
        var fit = SynthProcess.Run(_dir.Path, "fit", "--data", SynthesisData.MixedCsv(_dir), "--domain", SynthesisData.MixedDomain(_dir),
            "--method", "mst", "--epsilon", "2", "--out", "mixed.synth", "--seed", "5");
        if (fit.ExitCode != 0) throw new InvalidOperationException($"fitting the test model failed: {fit.Stderr}");
        ModelPath = _dir.File("mixed.synth");
    }

    public string ModelPath { get; }

    public void Dispose() => _dir.Dispose();
}

public sealed class SampleCommandTests(MixedModelFixture fixture) : IClassFixture<MixedModelFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_same_model_and_seed_give_the_same_bytes_on_stdout_and_in_a_file_and_another_seed_other_rows()
    {
        var stdout = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "2000", "--seed", "9");
        var file = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "2000", "--seed", "9", "--output", "rows.csv");
        var other = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "2000", "--seed", "10");

        stdout.ExitCode.Should().Be(0, stdout.Stderr);
        file.ExitCode.Should().Be(0, file.Stderr);
        File.ReadAllText(_dir.File("rows.csv")).Should().Be(stdout.Stdout);
        other.Stdout.Should().NotBe(stdout.Stdout);
        file.ErrorLines.Should().ContainSingle().Which.Should().StartWith("wrote 2,000 rows (").And.Contain("csv) to rows.csv");
    }

    [Fact]
    public void Sampled_csv_reads_back_as_exactly_the_rows_the_model_samples_across_block_boundaries()
    {
        const int rows = 40_000; // more than two of the writers' 16,384-row blocks

        var result = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", rows.ToString(CultureInfo.InvariantCulture), "--seed", "4", "--output", "rows.csv");

        result.ExitCode.Should().Be(0, result.Stderr);
        RawTable written;
        using (var stream = File.OpenRead(_dir.File("rows.csv"))) written = RawTable.ReadCsv(stream);
        var expected = TableModel.Load(File.ReadAllBytes(fixture.ModelPath)).Sample(rows, 4).Single();
        written.Header.Should().Equal(expected.Header);
        for (var c = 0; c < expected.Columns.Length; c++) written.Columns[c].Should().Equal(expected.Columns[c], expected.Header[c]);
    }

    [Fact]
    public void Json_lines_and_json_arrays_hold_numbers_as_numbers_and_missing_values_as_null()
    {
        var jsonl = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "300", "--format", "jsonl");
        var array = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "300", "--output", "rows.json");

        jsonl.ExitCode.Should().Be(0, jsonl.Stderr);
        array.ExitCode.Should().Be(0, array.Stderr);
        var lines = jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Should().HaveCount(300);
        lines.Should().OnlyContain(r => r.GetProperty("id").ValueKind == JsonValueKind.Number && r.GetProperty("age").ValueKind == JsonValueKind.Number
            && r.GetProperty("joined").ValueKind == JsonValueKind.String && r.GetProperty("note").ValueKind == JsonValueKind.Null);
        lines.Should().Contain(r => r.GetProperty("income").ValueKind == JsonValueKind.Null).And.Contain(r => r.GetProperty("income").ValueKind == JsonValueKind.Number);
        var rows = JsonDocument.Parse(File.ReadAllText(_dir.File("rows.json"))).RootElement.EnumerateArray().Select(r => r.GetRawText()).ToList();
        rows.Should().Equal(lines.Select(r => r.GetRawText()), "the array holds the same rows as the lines");
    }

    [Fact]
    public void Zero_rows_give_the_header_alone()
    {
        var result = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "0");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be("id,city,age,income,joined,note\n");
    }

    [Fact]
    public void A_gzipped_sample_is_the_plain_sample_compressed()
    {
        var plain = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "3000", "--seed", "2", "--output", "rows.csv");
        var packed = SynthProcess.Run(_dir.Path, "sample", "--model", fixture.ModelPath, "--rows", "3000", "--seed", "2", "--gzip", "--output", "rows.csv.gz");

        packed.ExitCode.Should().Be(0, packed.Stderr);
        packed.ErrorLines.Should().ContainSingle().Which.Should().Contain("csv, gzip) to rows.csv.gz");
        using var unpacked = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(_dir.File("rows.csv.gz")), System.IO.Compression.CompressionMode.Decompress)) gz.CopyTo(unpacked);
        unpacked.ToArray().Should().Equal(File.ReadAllBytes(_dir.File("rows.csv")), plain.Stderr);
    }

    [Fact]
    public void An_interrupted_sample_says_so_and_leaves_no_file()
    {
        var result = SynthProcess.Interrupt(_dir.Path, _ => _dir.Entries().Any(e => e.EndsWith(".tmp", StringComparison.Ordinal)),
            "sample", "--model", fixture.ModelPath, "--rows", "50000000", "--output", "rows.csv");

        result.ExitCode.Should().Be(1, result.Stderr);
        result.ErrorLines.Should().Contain("cancelled; no output was written");
        _dir.Entries().Should().BeEmpty();
    }

    [Theory]
    [InlineData("--rows=-1", "--rows: must be >= 0, got -1")]
    [InlineData("--model=missing.synth", "--model: file not found: missing.synth")]
    [InlineData("--model=not-a-model.synth", "--model not-a-model.synth: not a Synth table model (it does not start with SYNTHTBL)")]
    [InlineData("--model=truncated.synth", "--model truncated.synth: the table model is truncated")]
    [InlineData("--format=xlsx", "--format: unknown format 'xlsx'; one of csv, tsv, json, jsonl, sql, xml, parquet")]
    [InlineData("--output=no-such-dir/rows.csv", "--output: directory ")]
    public void Bad_input_is_one_line_naming_the_option_and_writes_no_rows(string change, string expected)
    {
        _dir.Write("not-a-model.synth", "id,city\n1,Lyon\n");
        File.WriteAllBytes(_dir.File("truncated.synth"), File.ReadAllBytes(fixture.ModelPath)[..200]);
        var options = new Dictionary<string, string> { ["--model"] = fixture.ModelPath, ["--rows"] = "10", ["--output"] = "rows.csv" };

        var result = SynthProcess.RunChanged(_dir.Path, "sample", options, change);

        result.ExitCode.Should().Be(2, result.Stderr);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: " + expected);
        result.Stdout.Should().BeEmpty();
        _dir.Entries().Should().BeEquivalentTo("not-a-model.synth", "truncated.synth");
    }
}
