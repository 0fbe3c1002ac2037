using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Synth.Grains.Placement;
using Synth.Silo.Placement;

namespace Synth.Silo.Tests.Placement;

/// <summary>Three in-process silos; only the one named <see cref="GpuSiloName"/> is tagged gpu.</summary>
public sealed class TaggedCluster : IAsyncLifetime
{
    public const string GpuSiloName = "Silo_2";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public InProcessSiloHandle GpuSilo => Cluster.Silos.Single(s => s.Name == GpuSiloName);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) => silo.UseSiloTags(options.SiloName == GpuSiloName ? ["gpu"] : []));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        // Tags spread with silo metadata after a silo joins; wait until every silo sees the gpu silo.
        var spread = await Eventually.ReachesAsync(
            () => Task.FromResult(Cluster.Silos.All(s => Directory(s).LiveSilosWith(["gpu"]).SequenceEqual([GpuSilo.SiloAddress]))),
            all => all);
        if (!spread) throw new InvalidOperationException("The gpu silo's tags did not reach every silo.");
    }

    public static ISiloTagDirectory Directory(InProcessSiloHandle silo) => silo.SiloHost.Services.GetRequiredService<ISiloTagDirectory>();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
