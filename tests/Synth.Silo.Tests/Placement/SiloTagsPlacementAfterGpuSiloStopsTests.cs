using Synth.Grains.Placement;
using Synth.Silo.Tests.TestGrains;

namespace Synth.Silo.Tests.Placement;

/// <summary>A cluster of its own: the gpu silo is stopped.</summary>
public sealed class SiloTagsPlacementAfterGpuSiloStopsTests(TaggedCluster tagged) : IClassFixture<TaggedCluster>
{
    [Fact]
    public async Task When_the_gpu_silo_has_stopped_a_new_gpu_activation_fails_at_once_naming_gpu()
    {
        var before = await tagged.Cluster.Client.GetGrain<IGpuGrain>("before").Silo();
        var gpu = tagged.GpuSilo;
        await tagged.Cluster.StopSiloAsync(gpu);
        var others = tagged.Cluster.Silos.ToArray();
        (await Eventually.ReachesAsync(() => Task.FromResult(others.All(s => TaggedCluster.Directory(s).MissingTags(["gpu"]).Count == 1)), gone => gone))
            .Should().BeTrue("every remaining silo learns that the gpu silo left");

        var call = () => tagged.Cluster.Client.GetGrain<IGpuGrain>("after").Silo();

        before.Should().Be(gpu.SiloAddress.ToString());
        // NoSiloWithTagsException, not a TimeoutException: placement refused instead of waiting.
        var failure = await call.Should().ThrowAsync<NoSiloWithTagsException>();
        failure.Which.MissingTags.Should().Equal("gpu");
        failure.Which.Message.Should().Contain("gpu");
    }
}
