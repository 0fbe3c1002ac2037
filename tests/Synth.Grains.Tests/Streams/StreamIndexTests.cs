using Synth.Grains.Streams;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Streams;

/// <summary>The stream index lists every stream, and apart those not stopped: the ones a silo's death may concern.</summary>
public sealed class StreamIndexTests
{
    [Fact]
    public async Task A_stopped_stream_stays_listed_but_is_no_longer_live()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var spec = new StreamSpec { SchemaText = """{"x": {"type": "int", "min": 0, "max": 9}}""", Seed = 1, Rate = 1, Format = "csv" };
        var (kept, stopped, paused) = (StreamIds.New(), StreamIds.New(), StreamIds.New());
        foreach (var id in new[] { kept, stopped, paused }) await cluster.Grains.GetGrain<IStreamerGrain>(id).StartAsync(spec);

        await cluster.Grains.GetGrain<IStreamerGrain>(stopped).StopAsync();
        await cluster.Grains.GetGrain<IStreamerGrain>(paused).PauseAsync();

        (await StreamIndex.ListAllAsync(cluster.Grains)).Should().BeEquivalentTo([kept, stopped, paused]);
        (await StreamIndex.ListLiveAsync(cluster.Grains)).Should().BeEquivalentTo([kept, paused], "a paused stream may be resumed; a stopped one never runs again");
    }
}
