using System.Text.Json;

namespace Synth.Cli.Tests;

/// <summary><c>synth streams …</c> against a real <c>synth serve</c> process.</summary>
[Trait("Category", "Integration")]
public sealed class StreamsCommandTests : ServerCommandTests
{
    [Fact]
    public void Create_watch_list_and_status_follow_a_stream_whose_records_are_those_of_synth_run_continuous()
    {
        var schema = Dir.Write("s.json", """{"x": {"type": "float", "mean": 0, "std": 1, "decimals": 3}, "c": {"type": "category", "categories": ["a", "b"]}}""");
        var plan = Dir.Write("plan.yaml", "events:\n  - {kind: sudden, at: 300, fields: {x: {mean: 50}}}\n");

        var created = Synth("streams", "create", "-s", schema, "--rate", "5000", "--limit", "1000", "--seed", "8", "--drift-plan", plan, "--concept-column", "concept", "--name", "demo");
        var id = created.Stdout.Trim();
        var watched = Synth("streams", "watch", id, "--after", "-1");
        var listed = Synth("streams", "list");
        var status = Synth("streams", "status", id);
        var local = Synth("run", "-s", schema, "--continuous", "--rate", "max", "--rows", "1000", "--seed", "8", "--drift-plan", plan, "--concept-column", "concept", "-f", "jsonl");

        created.ExitCode.Should().Be(0, created.Stderr);
        id.Should().MatchRegex("^s[0-9a-f]{20}$");
        watched.ExitCode.Should().Be(0, watched.Stderr);
        watched.Stdout.Should().Be(local.Stdout, "the server's stream and the local one are the same records");
        watched.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("concept").GetInt32())
            .Should().Equal(Enumerable.Repeat(0, 300).Concat(Enumerable.Repeat(1, 700)));
        listed.Stdout.Should().Contain(id).And.Contain("demo");
        status.Stdout.Should().StartWith($"{id}  stopped").And.Contain("made 1,000");
    }

    [Fact]
    public void Pause_resume_update_and_stop_drive_a_running_stream_and_mistakes_are_one_line()
    {
        var schema = Dir.Write("s.json", """{"x": {"type": "int", "min": 0, "max": 9}}""");
        var id = Synth("streams", "create", "-s", schema, "--rate", "100").Stdout.Trim();

        var paused = Synth("streams", "pause", id);
        var resumed = Synth("streams", "resume", id);
        var updated = Synth("streams", "update", id, "--rate", "max");
        var stopped = Synth("streams", "stop", id);
        var again = Synth("streams", "resume", id);
        var badRate = Synth("streams", "update", id, "--rate", "fast");
        var unknown = Synth("streams", "status", "s00000000000000000000");

        paused.Stdout.Should().Contain("paused");
        resumed.Stdout.Should().Contain("running");
        updated.Stdout.Should().Contain("max");
        stopped.Stdout.Should().Contain("stopped");
        again.ExitCode.Should().Be(2);
        again.ErrorLines.Should().ContainSingle().Which.Should().Contain("409").And.Contain("stopped");
        badRate.ExitCode.Should().Be(2);
        badRate.ErrorLines.Should().ContainSingle().Which.Should().Be("error: --rate: 'fast' is not a number of records per second or max");
        unknown.ExitCode.Should().Be(2);
        unknown.ErrorLines.Should().ContainSingle().Which.Should().Contain("404");
    }

    [Fact]
    public async Task Sinks_come_from_a_file_at_create_and_update_and_status_shows_each_sinks_health()
    {
        await using var receiver = new Synth.TestSupport.WebhookReceiver();
        var schema = Dir.Write("s.json", """{"x": {"type": "int", "min": 0, "max": 9}}""");
        var sinks = Dir.Write("sinks.yaml", $"sinks:\n  - {{kind: webhook, url: '{receiver.Url}', secret: k}}\n");
        var more = Dir.Write("more.json", $$"""[{"kind": "webhook", "url": "{{receiver.Url}}"}, {"kind": "discard"}]""");
        var bad = Dir.Write("bad.json", """[{"kind": "webhook", "url": "nope"}]""");

        var id = Synth("streams", "create", "-s", schema, "--rate", "max", "--limit", "500", "--sinks", sinks).Stdout.Trim();
        var badCreate = Synth("streams", "create", "-s", schema, "--sinks", bad);
        var running = Synth("streams", "create", "-s", schema, "--rate", "10", "--sinks", sinks).Stdout.Trim();
        var updated = Synth("streams", "update", running, "--sinks", more);
        var nothing = Synth("streams", "update", running);
        Synth("streams", "stop", running);
        var status = Synth("streams", "status", id);

        badCreate.ExitCode.Should().Be(2);
        badCreate.ErrorLines.Should().ContainSingle().Which.Should()
            .Contain("422 The stream definition cannot be used. — sinks[0].url: must be an absolute http or https URL", "each problem is said once");
        badCreate.ErrorLines[0].Split("sinks[0].url").Should().HaveCount(2);
        updated.Stdout.Should().Contain("sink discard (discard)");
        nothing.ExitCode.Should().Be(2);
        nothing.ErrorLines.Should().ContainSingle().Which.Should().Be("error: update: give --rate, --drift-plan and/or --sinks");
        status.Stdout.Should().Contain("sink webhook (webhook): acknowledged 500");
        receiver.Records().Where(r => r.Line.Length > 0).Should().NotBeEmpty();
    }
}
