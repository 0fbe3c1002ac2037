using System.IO.Compression;
using System.Text;

namespace Synth.Cli.Tests;

public class RunCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ExampleSchema(string kind = "tabular")
    {
        var r = SynthProcess.Run(_dir.Path, "schema", "create-example", kind, "--output", $"{kind}.json");
        r.ExitCode.Should().Be(0, r.Stderr);
        return _dir.File($"{kind}.json");
    }

    [Fact]
    public void Without_output_rows_go_to_the_console_as_csv()
    {
        var r = SynthProcess.Run(_dir.Path, "run", "--schema", ExampleSchema(), "--rows", "5");

        r.ExitCode.Should().Be(0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("id,name,email,income,created_at,status");
        lines.Should().HaveCount(6);
    }

    [Fact]
    public void The_same_seed_gives_the_same_file_whatever_the_thread_count()
    {
        var schema = ExampleSchema();
        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "100000", "--seed", "9", "--threads", "1", "-o", "a.csv").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "100000", "--seed", "9", "--threads", "2", "-o", "b.csv").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, new Dictionary<string, string> { ["SYNTH_SEED"] = "9", ["SYNTH_BATCH_SIZE"] = "333" }, "run", "-s", schema, "-n", "100000", "-o", "c.csv").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "100000", "--seed", "10", "-o", "d.csv").ExitCode.Should().Be(0);

        var a = File.ReadAllBytes(_dir.File("a.csv"));
        File.ReadAllBytes(_dir.File("b.csv")).Should().Equal(a);
        File.ReadAllBytes(_dir.File("c.csv")).Should().Equal(a, "SYNTH_SEED is honoured and the batch size does not change bytes");
        File.ReadAllBytes(_dir.File("d.csv")).Should().NotEqual(a);
    }

    [Fact]
    public void The_format_follows_the_output_extension_and_gzip_compresses()
    {
        var schema = ExampleSchema("timeseries");

        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "1000", "-o", "out.parquet").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "1000", "--type", "timeseries", "--gzip", "-o", "out.jsonl.gz").ExitCode.Should().Be(0);

        var parquet = File.ReadAllBytes(_dir.File("out.parquet"));
        Encoding.ASCII.GetString(parquet, 0, 4).Should().Be("PAR1");
        Encoding.ASCII.GetString(parquet, parquet.Length - 4, 4).Should().Be("PAR1");
        using var gz = new GZipStream(File.OpenRead(_dir.File("out.jsonl.gz")), CompressionMode.Decompress);
        var lines = new StreamReader(gz).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1000);
        lines[0].Should().StartWith("{\"timestamp\":\"2024-01-01T00:00:00\"");
        lines[1].Should().StartWith("{\"timestamp\":\"2024-01-01T01:00:00\"");
    }

    [Fact]
    public void A_config_file_sets_the_seed_and_flags_override_it()
    {
        var schema = ExampleSchema();
        var config = _dir.Write("synth.yaml", "seed: 9\nbatch_size: 100\nthreads: 2\nlog_level: warning\n");

        var viaConfig = SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "50", "--config", config);
        var viaFlag = SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "50", "--seed", "9");
        var overridden = SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "50", "--config", config, "--seed", "10");

        viaConfig.Stdout.Should().Be(viaFlag.Stdout);
        overridden.Stdout.Should().NotBe(viaFlag.Stdout);
    }

    [Theory]
    [InlineData("--format", "xlsx", "error: --format: unknown format 'xlsx'; one of csv, tsv, json, jsonl, sql, xml, parquet")]
    [InlineData("--rows", "-5", "error: --rows: must be >= 0")]
    [InlineData("--threads", "0", "error: --threads: must be > 0")]
    [InlineData("--type", "timeseries", "error: --type timeseries: the schema has no time_field (add \"time_field\" and \"time_interval_seconds\")")]
    [InlineData("--rows", "many", "error: Cannot parse argument 'many' for option '--rows' as expected type 'System.Int64'.")]
    public void A_bad_parameter_is_one_readable_line_exit_2_and_no_file(string option, string value, string expected)
    {
        var schema = ExampleSchema();

        var r = SynthProcess.Run(_dir.Path, "run", "--schema", schema, option, value, "--output", "out.csv");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().Contain(expected);
        _dir.Entries().Should().BeEquivalentTo(["tabular.json"], "nothing is left behind");
    }

    [Fact]
    public void A_bad_schema_lists_every_problem_exits_2_and_leaves_no_file()
    {
        var schema = _dir.Write("bad.json", """{"id": {"type": "int", "min": 1, "max": 10, "unique": true}, "x": {"type": "float", "std": 0}}""");

        var r = SynthProcess.Run(_dir.Path, "run", "--schema", schema, "--rows", "20", "--output", "out.csv");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().BeEquivalentTo(["error: $.x.std: must be > 0"]);
        _dir.Entries().Should().BeEquivalentTo(["bad.json"]);
    }

    [Fact]
    public void A_unique_domain_smaller_than_the_rows_is_refused_before_writing()
    {
        var schema = _dir.Write("s.json", """{"id": {"type": "int", "min": 1, "max": 10, "unique": true}}""");

        var r = SynthProcess.Run(_dir.Path, "run", "--schema", schema, "--rows", "20", "--output", "out.csv");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().BeEquivalentTo(["error: $.id.unique: only 10 distinct values are possible but 20 rows were requested"]);
        _dir.Entries().Should().BeEquivalentTo(["s.json"]);
    }

    [Fact]
    public void A_missing_schema_file_is_a_clear_error()
    {
        var r = SynthProcess.Run(_dir.Path, "run", "--schema", "nope.json");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Single().Should().StartWith("error: $: cannot read schema file 'nope.json'");
    }

    [Fact]
    public void An_interrupted_run_leaves_no_partial_file()
    {
        var schema = ExampleSchema();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "synth.dll"), "run", "-s", schema, "-n", "500000000", "-o", "big.csv" }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_dir.Entries().Any(e => e.EndsWith(".tmp", StringComparison.Ordinal)) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Thread.Sleep(300);

        process.Kill(entireProcessTree: false); // SIGKILL: the harshest interruption; the temp name keeps big.csv from ever appearing
        process.WaitForExit();

        _dir.Entries().Should().NotContain("big.csv");
    }
}
