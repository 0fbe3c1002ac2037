using System.Buffers;
using System.Text;
using Orleans.Runtime;
using Synth.Grains.Streams;
using Synth.TestSupport;

namespace Synth.Cli.Tests;

/// <summary>
/// A stream on a real cluster: two `synth silo` processes on PostgreSQL. The silo holding a stream
/// into a webhook is killed with SIGKILL and nobody calls the stream: it comes back on the other
/// silo by itself and its webhook receives every record, the records of an uninterrupted run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StreamClusterTests : ClusterTest
{
    private const string Schema = """{"id": {"type": "int", "min": 1, "max": 1000000}, "name": {"type": "name"}, "income": {"type": "float", "mean": 50000, "std": 9000, "decimals": 2}}""";

    [Fact]
    public async Task A_stream_survives_kill_9_of_its_silo_and_its_webhook_gets_every_record_of_an_uninterrupted_run()
    {
        await using var receiver = new WebhookReceiver();
        await using var silos = NewSilos();
        var processes = new Dictionary<string, System.Diagnostics.Process> { ["silo-a"] = silos.Start("silo-a"), ["silo-b"] = silos.Start("silo-b") };
        var client = await silos.JoinedAsync(2);
        var management = client.GetGrain<IManagementGrain>(0);
        var spec = new StreamSpec
        {
            SchemaText = Schema, Seed = 3, Rate = 2_000, BatchSize = 200, Format = "jsonl", SequenceColumn = "seq", Limit = 30_000,
            Sinks = [new SinkSpec { Kind = "webhook", Url = receiver.Url.ToString() }],
        };
        var stream = client.GetGrain<IStreamerGrain>(StreamIds.New());

        await stream.StartAsync(spec);
        while (receiver.Records().Count < 4_000) await Task.Delay(50);
        var holder = await management.GetActivationAddress(stream);
        var name = await SiloProcesses.NameOfAsync(management, holder!);
        await SiloProcesses.SignalAsync(processes[name], "KILL");
        // Nobody calls the stream until its webhook has every record (or this gives up).
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (receiver.Records().Count < 30_000 && DateTime.UtcNow < deadline) await Task.Delay(100);

        var records = receiver.Records();
        records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(0, 30_000).Select(i => (long)i), "no gap");
        string.Concat(records.Select(r => r.Line + "\n")).Should().Be(Reference(spec), "the records of an uninterrupted run");
        (await AnsweredAsync(async () => await management.GetActivationAddress(stream))).Should().NotBe(holder!, "the stream moved to the surviving silo");
    }

    /// <summary>A call through the client, asked until answered: its gateway may have been the killed silo.</summary>
    private static async Task<T> AnsweredAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    [Fact]
    public async Task A_stream_that_requires_a_tag_waits_degraded_while_no_silo_has_it_then_runs_on_the_silo_that_joins_with_it()
    {
        await using var receiver = new WebhookReceiver();
        await using var silos = NewSilos();
        silos.Start("plain");
        var client = await silos.JoinedAsync(1);
        var management = client.GetGrain<IManagementGrain>(0);
        var stream = client.GetGrain<IStreamerGrain>(StreamIds.New());

        await stream.StartAsync(new StreamSpec
        {
            SchemaText = Schema, Seed = 4, Rate = 500, BatchSize = 50, Format = "jsonl", RequiredTags = ["gpu"],
            Sinks = [new SinkSpec { Kind = "webhook", Url = receiver.Url.ToString() }],
        });
        var waiting = await WaitAsync(stream, s => s.Status == StreamStatus.Degraded);
        silos.Start("tagged", tags: "gpu");
        while (receiver.Records().Count < 1_000) await Task.Delay(100);
        var running = await WaitAsync(stream, s => s.Status == StreamStatus.Running);
        var host = await management.GetActivationAddress(stream);
        await stream.StopAsync();

        waiting.Error.Should().Be("no live silo has the tags gpu: the stream waits for one");
        waiting.Made.Should().Be(0);
        running.Error.Should().BeNull();
        (await SiloProcesses.NameOfAsync(management, host!)).Should().Be("tagged");
        receiver.Records().Select(r => r.Sequence).Should().Equal(Enumerable.Range(0, receiver.Records().Count).Select(i => (long)i));
    }

    private static async Task<StreamInfo> WaitAsync(IStreamerGrain stream, Func<StreamInfo, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var info = (await stream.GetAsync())!;
            if (condition(info)) return info;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the stream never got there: {info.Status}, {info.Made} made, {info.Error}");
            await Task.Delay(100);
        }
    }

    private static string Reference(StreamSpec spec)
    {
        var output = new ArrayBufferWriter<byte>();
        StreamDefinition.Records(spec, [], "jsonl", 1000).Write(0, (int)spec.Limit!, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
