using Synth.Grains.Placement;

namespace Synth.Silo.Tests.TestGrains;

[Alias("Synth.Silo.Tests.IGpuGrain")]
public interface IGpuGrain : ITaggedGrain
{
}

[RequiresSiloTags("gpu")]
public sealed class GpuGrain : Grain, IGpuGrain
{
    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}
