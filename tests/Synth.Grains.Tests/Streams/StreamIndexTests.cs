using Synth.Grains.Streams;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Streams;

/// <summary>The stream index lists every stream; apart, those a user may own (their listing reads no other) and those not stopped (the ones a silo's death may concern).</summary>
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

    [Fact]
    public async Task A_users_streams_are_listed_without_the_streams_of_others()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var spec = new StreamSpec { SchemaText = """{"x": {"type": "int", "min": 0, "max": 9}}""", Seed = 1, Rate = 1, Format = "csv" };
        var (ann, bob, anonymous) = (StreamIds.New(), StreamIds.New(), StreamIds.New());
        await cluster.Grains.GetGrain<IStreamerGrain>(ann).StartAsync(spec with { Owner = "ann" });
        await cluster.Grains.GetGrain<IStreamerGrain>(bob).StartAsync(spec with { Owner = "bob" });
        await cluster.Grains.GetGrain<IStreamerGrain>(anonymous).StartAsync(spec);

        (await StreamIndex.ListOwnedAsync(cluster.Grains, "ann")).Should().BeEquivalentTo([ann, anonymous], "a stream with no owner may be anybody's: the caller reads it to see");
        (await StreamIndex.ListOwnedAsync(cluster.Grains, null)).Should().BeEquivalentTo([ann, bob, anonymous]);
    }
}
