using Synth.Grains.Placement;
using Synth.Silo.Tests.TestGrains;

namespace Synth.Silo.Tests.Placement;

/// <summary>Three silos, one tagged gpu.</summary>
public sealed class SiloTagsPlacementTests(TaggedCluster tagged) : IClassFixture<TaggedCluster>
{
    [Fact]
    public async Task Grains_that_require_gpu_activate_only_on_the_gpu_silo()
    {
        var silos = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            silos.Add(await tagged.Cluster.Client.GetGrain<IGpuGrain>($"only-gpu-{i}").Silo());
        }

        silos.Should().Equal(tagged.GpuSilo.SiloAddress.ToString());
    }

    [Fact]
    public async Task A_grain_that_requires_a_tag_no_silo_has_fails_naming_only_that_tag()
    {
        var call = () => tagged.Cluster.Client.GetGrain<IGpuTpuGrain>("nowhere").Silo();

        var failure = await call.Should().ThrowAsync<NoSiloWithTagsException>();
        failure.Which.MissingTags.Should().Equal("tpu");
        failure.Which.RequiredTags.Should().Equal("gpu", "tpu");
        failure.Which.Message.Should().Contain("tpu").And.Contain("--tags gpu,tpu");
    }

    [Fact]
    public void Every_silo_can_tell_which_live_silos_have_which_tags()
    {
        foreach (var silo in tagged.Cluster.Silos)
        {
            var directory = TaggedCluster.Directory(silo);

            directory.LiveSilosWith(["gpu"]).Should().Equal(tagged.GpuSilo.SiloAddress);
            directory.LiveSilosWith([]).Should().HaveCount(3);
            directory.MissingTags(["tpu", "gpu"]).Should().Equal("tpu");
            directory.LocalSiloHas(["gpu"]).Should().Be(silo.Name == TaggedCluster.GpuSiloName);
            directory.LocalSiloHas([]).Should().BeTrue();
        }
    }
}
