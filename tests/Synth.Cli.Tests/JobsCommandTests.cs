namespace Synth.Cli.Tests;

/// <summary><c>synth jobs …</c> against a real <c>synth serve</c> process, as a user drives a server from another terminal.</summary>
[Trait("Category", "Integration")]
public sealed class JobsCommandTests : ServerCommandTests
{
    [Fact]
    public void Submit_watch_list_status_and_download_give_the_bytes_of_synth_run()
    {
        var schema = Dir.Write("people.json", """{"id": {"type": "int", "min": 1, "max": 9999}, "name": {"type": "name"}, "status": {"type": "category", "categories": ["a", "b"]}}""");

        var submitted = Synth("jobs", "submit", "--schema", schema, "--rows", "300000", "--seed", "11", "--name", "people", "--watch");
        var id = submitted.Stdout.Trim();
        var listed = Synth("jobs", "list");
        var status = Synth("jobs", "status", id);
        var downloaded = Synth("jobs", "download", id, "--output", "people.csv");
        var local = Synth("run", "--schema", schema, "--rows", "300000", "--seed", "11", "--output", "local.csv");

        submitted.ExitCode.Should().Be(0, submitted.Stderr);
        id.Should().MatchRegex("^j[0-9a-f]{20}$");
        submitted.Stderr.Should().Contain("100 %").And.Contain("succeeded");
        listed.Stdout.Should().Contain(id).And.Contain("succeeded").And.Contain("300,000").And.Contain("people");
        status.Stdout.Should().StartWith($"{id}: succeeded").And.Contain("people.csv");
        downloaded.ExitCode.Should().Be(0, downloaded.Stderr);
        local.ExitCode.Should().Be(0, local.Stderr);
        File.ReadAllBytes(Dir.File("people.csv")).Should().Equal(File.ReadAllBytes(Dir.File("local.csv")));
    }

    [Fact]
    public void Cancel_stops_a_running_job_and_its_download_is_refused()
    {
        var schema = Dir.Write("big.json", """{"id": {"type": "int", "min": 1, "max": 9999}}""");
        var id = Synth("jobs", "submit", "--schema", schema, "--rows", "2000000000").Stdout.Trim();

        var cancelled = Synth("jobs", "cancel", id);
        var download = Synth("jobs", "download", id);
        var watch = Synth("jobs", "watch", id);

        cancelled.ExitCode.Should().Be(0, cancelled.Stderr);
        cancelled.Stdout.Trim().Should().Be($"{id}: cancelled");
        download.ExitCode.Should().Be(2);
        download.ErrorLines.Should().ContainSingle().Which.Should().Contain("only a succeeded job has output");
        watch.ExitCode.Should().Be(1, "watching a job that did not succeed is a failure");
        Dir.Entries().Should().NotContain(e => e.EndsWith(".csv", StringComparison.Ordinal), "a refused download writes nothing");
    }

    [Fact]
    public void Bad_input_is_one_error_line_with_exit_code_2_and_an_unreachable_server_exit_code_1()
    {
        var badSchema = Dir.Write("bad.json", """{"age": {"type": "integr"}}""");

        var unknown = Synth("jobs", "status", "j00000000000000000000");
        var invalid = Synth("jobs", "submit", "--schema", badSchema, "--rows", "10");
        var unreachable = SynthProcess.Run(Dir.Path, new Dictionary<string, string> { ["SYNTH_SERVER"] = "http://127.0.0.1:9" }, "jobs", "list");

        unknown.ExitCode.Should().Be(2);
        unknown.ErrorLines.Should().ContainSingle().Which.Should().Contain("404");
        invalid.ExitCode.Should().Be(2);
        invalid.ErrorLines.Should().ContainSingle().Which.Should().Contain("422").And.Contain("integr");
        unreachable.ExitCode.Should().Be(1);
        unreachable.ErrorLines.Should().ContainSingle().Which.Should().Contain("cannot reach the Synth server at http://127.0.0.1:9/");
    }
}
