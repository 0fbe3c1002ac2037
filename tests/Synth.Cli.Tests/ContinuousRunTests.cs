using System.Buffers;
using System.Text;
using System.Text.Json;
using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Cli.Tests;

/// <summary><c>synth run --continuous</c>: a stream without a server, to standard output or a file.</summary>
public sealed class ContinuousRunTests : IDisposable
{
    private const string Schema = """{"x": {"type": "float", "mean": 0, "std": 1, "decimals": 3}, "status": {"type": "category", "categories": ["a", "b"], "probabilities": [0.5, 0.5]}}""";
    private const string Plan = "events:\n  - {kind: sudden, at: 40, fields: {x: {mean: 100}}}\n";

    private readonly TempDirectory _dir = new();

    public ContinuousRunTests()
    {
        _dir.Write("schema.json", Schema);
        _dir.Write("plan.yaml", Plan);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_limited_run_writes_the_records_a_stream_of_the_same_definition_gives()
    {
        var result = SynthProcess.Run(_dir.Path, "run", "-s", "schema.json", "--continuous", "--rate", "max", "--rows", "100", "--format", "jsonl",
            "--seed", "9", "--drift-plan", "plan.yaml", "--sequence-column", "seq", "--concept-column", "concept");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(Reference(100, seed: 9));
        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        records.Select(r => r.GetProperty("seq").GetInt64()).Should().Equal(Enumerable.Range(0, 100).Select(i => (long)i));
        records.Select(r => r.GetProperty("concept").GetInt32()).Should().Equal(Enumerable.Repeat(0, 40).Concat(Enumerable.Repeat(1, 60)));
    }

    [Fact]
    public void The_seeds_drift_settings_from_the_environment_move_the_stream_every_interval()
    {
        var result = SynthProcess.Run(_dir.Path,
            new Dictionary<string, string> { ["SYNTH_DRIFT_ENABLED"] = "true", ["SYNTH_DRIFT_INTERVAL"] = "1", ["SYNTH_DRIFT_MAGNITUDE"] = "2" },
            "run", "-s", "schema.json", "--continuous", "--rate", "2000", "--batch-size", "500", "--rows", "4000", "-f", "csv", "--concept-column", "c");

        result.ExitCode.Should().Be(0, result.Stderr);
        var rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        rows.Should().HaveCount(4000);
        for (var k = 0; k < 2; k++)
        {
            var second = rows.Skip(k * 2000).Take(2000).ToList();
            second.Should().OnlyContain(r => r[2] == k.ToString(System.Globalization.CultureInfo.InvariantCulture), "the stream's k-th second is concept k");
            second.Average(r => double.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).Should().BeApproximately(2 * k, 0.15, "each move is 2 standard deviations");
        }
    }

    [Fact]
    public void The_config_files_drift_block_is_the_same_drift()
    {
        _dir.Write("synth.yaml", "drift:\n  enabled: true\n  interval: 1\n  magnitude: 2\n");

        var fromConfig = SynthProcess.Run(_dir.Path, "run", "-s", "schema.json", "--continuous", "--rate", "2000", "--batch-size", "500", "--rows", "3000", "--config", "synth.yaml");
        var fromFlags = SynthProcess.Run(_dir.Path, "run", "-s", "schema.json", "--continuous", "--rate", "2000", "--batch-size", "500", "--rows", "3000",
            "--drift", "--drift-interval", "1", "--drift-magnitude", "2");

        fromConfig.ExitCode.Should().Be(0, fromConfig.Stderr);
        fromConfig.Stdout.Should().Be(fromFlags.Stdout);
    }

    [Fact]
    public void A_reader_that_goes_away_ends_the_stream()
    {
        using var process = SynthProcess.Start(_dir.Path, "run", "-s", "schema.json", "--continuous", "--rate", "max", "-f", "jsonl");

        process.StandardOutput.ReadLine().Should().StartWith("{\"x\":");
        process.StandardOutput.Close();
        var ended = process.WaitForExit(TimeSpan.FromSeconds(60));
        if (!ended) process.Kill();

        ended.Should().BeTrue("a stream without end stops when nobody reads it");
        process.ExitCode.Should().Be(0);
    }

    [Fact]
    public void SIGTERM_stops_a_stream_to_a_file_after_whole_records()
    {
        var file = _dir.File("stream.csv");

        var result = SynthProcess.Interrupt(_dir.Path, _ => File.Exists(file) && new FileInfo(file).Length > 100_000,
            "run", "-s", "schema.json", "--continuous", "--rate", "50000", "--batch-size", "1000", "-o", file, "--sequence-column", "seq");

        result.ExitCode.Should().Be(0, result.Stderr);
        var text = File.ReadAllText(file);
        text.Should().EndWith("\n");
        var sequence = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => long.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        sequence.Should().Equal(Enumerable.Range(0, sequence.Count).Select(i => (long)i), "no record is lost or repeated");
    }

    [Theory]
    [InlineData("--rate=fast", "--rate: 'fast' is not a positive number")]
    [InlineData("--format=parquet", "--format: a continuous run writes csv, tsv, jsonl")]
    [InlineData("--drift-plan=missing.yaml", "--drift-plan: cannot read 'missing.yaml'")]
    [InlineData("--drift-plan=bad-field.yaml", "--drift-plan: $.events[0].fields.y: the schema has no field 'y' (did you mean 'x'?)")]
    [InlineData("--drift-plan=by-seconds.yaml", "--rate: the drift plan places events in seconds")]
    [InlineData("--sequence-column=x", "--sequence-column / --concept-column: the schema has a field 'x' already")]
    public void Bad_input_is_one_error_line_and_exit_2(string change, string message)
    {
        _dir.Write("bad-field.yaml", "events:\n  - {kind: sudden, at: 5, fields: {y: {mean: 1}}}\n");
        _dir.Write("by-seconds.yaml", "events:\n  - {kind: sudden, at: {seconds: 5}, fields: {x: {mean: 1}}}\n");
        var options = new Dictionary<string, string> { ["-s"] = "schema.json", ["--rate"] = "max", ["--rows"] = "10" };
        var equals = change.IndexOf('=', StringComparison.Ordinal);
        options[change[..equals]] = change[(equals + 1)..];

        var result = SynthProcess.Run(_dir.Path, ["run", "--continuous", .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: " + message);
        result.Stdout.Should().BeEmpty();
    }

    /// <summary>The records [0, count) of the test's stream, written by Synth.Core directly.</summary>
    private static string Reference(int count, ulong seed)
    {
        var concepts = StreamConcepts.Compile(SchemaText.Parse(Schema), DriftPlanReader.Read(Plan), seed, columns: new StreamColumns("seq", "concept"));
        var output = new ArrayBufferWriter<byte>();
        var writer = new StreamRecordWriter(concepts, "jsonl");
        writer.WriteHeader(output);
        writer.Write(0, count, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
