using System.Buffers;
using System.Text;
using Synth.Core.Schema;
using Synth.Core.Streams;
using Synth.Grains.Streams;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Streams;

/// <summary>A stream as a grain on the test cluster: its files hold exactly the records of its definition, through pauses, rate changes and failovers.</summary>
public sealed class StreamerGrainTests
{
    private const string Schema = """
        {"id": {"type": "int", "min": 1, "max": 1000000}, "name": {"type": "name"},
         "income": {"type": "float", "mean": 50000, "std": 20000, "decimals": 2}}
        """;

    private const string Plan = """{"events": [{"kind": "sudden", "at": 30000, "fields": {"income": {"mean": 90000}}}]}""";

    private static StreamSpec Spec(long? limit = null, double? rate = null, long rollRecords = 10_000, int batchSize = 1000) => new()
    {
        SchemaText = Schema,
        Seed = 5,
        Rate = rate,
        BatchSize = batchSize,
        DriftPlanText = Plan,
        Format = "jsonl",
        SequenceColumn = "seq",
        ConceptColumn = "concept",
        Limit = limit,
        RollRecords = rollRecords,
        RollSeconds = 3600,
    };

    [Fact]
    public async Task A_limited_stream_flat_out_publishes_exactly_its_records_in_rolled_files_and_stops()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());

        // Batches of 7,000 flat out are made in parts on every core (and cut where files roll and where the drift plan changes concept).
        await stream.StartAsync(Spec(limit: 45_000, batchSize: 7_000));
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        final.Emitted.Should().Be(45_000);
        final.Files.Select(f => (f.First, f.Count)).Should().Equal((0L, 10_000L), (10_000L, 10_000L), (20_000L, 10_000L), (30_000L, 10_000L), (40_000L, 5_000L));
        (await ReadAllAsync(cluster, final)).Should().Be(Reference(0, 45_000));
    }

    [Fact]
    public async Task A_paused_stream_emits_nothing_and_resumes_where_it_stopped()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec(limit: 40_000, rate: 20_000, rollRecords: 1_000));
        await WaitAsync(stream, s => s.Emitted >= 5_000);

        var paused = await stream.PauseAsync();
        await Task.Delay(500);
        var still = (await stream.GetAsync())!;
        await stream.ResumeAsync();
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        still.Emitted.Should().Be(paused.Emitted, "a paused stream emits nothing");
        still.Status.Should().Be(StreamStatus.Paused);
        (await ReadAllAsync(cluster, final)).Should().Be(Reference(0, 40_000), "no gap and no repeat across the pause");
    }

    [Fact]
    public async Task A_rate_change_takes_effect_at_once()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec(rate: 1, rollRecords: 1_000));

        await stream.UpdateAsync(new StreamUpdate { ChangesRate = true, Rate = 100_000 });
        // At 1 record/s this would take 14 hours; at the new rate well under a second.
        var fast = await WaitAsync(stream, s => s.Emitted >= 50_000, TimeSpan.FromSeconds(30));
        await stream.StopAsync();

        fast.Rate.Should().Be(100_000);
    }

    [Fact]
    public async Task A_stream_whose_silo_is_killed_continues_on_another_from_its_checkpoint_with_identical_records()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 2);
        var id = StreamIds.New();
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(id);
        await stream.StartAsync(Spec(limit: 60_000, rate: 20_000, rollRecords: 2_000));
        await WaitAsync(stream, s => s.Emitted >= 10_000);
        var host = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stream);

        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped, TimeSpan.FromMinutes(2));

        (await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stream)).Should().NotBe(host!);
        final.Files.Zip(final.Files.Skip(1)).Should().OnlyContain(p => p.First.First + p.First.Count == p.Second.First, "the files follow one another");
        (await ReadAllAsync(cluster, final)).Should().Be(Reference(0, 60_000), "no gap, no repeat, the records of an uninterrupted run");
    }

    [Fact]
    public async Task A_definition_that_does_not_compile_is_refused_naming_the_field_and_nothing_is_kept()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());

        var start = () => stream.StartAsync(Spec() with { DriftPlanText = """{"events": [{"kind": "sudden", "at": 5, "fields": {"incme": {"mean": 1}}}]}""" });

        (await start.Should().ThrowAsync<ArgumentException>()).WithMessage("driftPlan.events[0].fields.incme: the schema has no field 'incme'*");
        (await stream.GetAsync()).Should().BeNull();
    }

    private static async Task<StreamInfo> WaitAsync(IStreamerGrain stream, Func<StreamInfo, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                var info = (await stream.GetAsync())!;
                if (condition(info)) return info;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the stream never got there: {info.Status}, {info.Emitted} emitted, {info.Error}");
            }
            catch (Exception e) when (e is not TimeoutException && DateTime.UtcNow < deadline)
            {
                // Its silo was just killed: the call fails until the grain is activated elsewhere.
            }
            await Task.Delay(50);
        }
    }

    private static async Task<string> ReadAllAsync(SynthTestCluster cluster, StreamInfo stream)
    {
        var text = new StringBuilder();
        foreach (var file in stream.Files)
        {
            await using var content = await cluster.Artifacts.OpenReadAsync(file.Key);
            using var reader = new StreamReader(content);
            text.Append(await reader.ReadToEndAsync());
        }
        return text.ToString();
    }

    private static string Reference(long first, int count)
    {
        var spec = Spec();
        var concepts = StreamConcepts.Compile(SchemaText.Parse(spec.SchemaText), DriftPlanReader.Read(spec.DriftPlanText!), spec.Seed, columns: new StreamColumns("seq", "concept"));
        var output = new ArrayBufferWriter<byte>();
        new StreamRecordWriter(concepts, "jsonl").Write(first, count, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
