using Synth.Grains.Placement;

namespace Synth.Silo.Tests.TestGrains;

[Alias("Synth.Silo.Tests.IGpuTpuGrain")]
public interface IGpuTpuGrain : ITaggedGrain
{
}

/// <summary>Requires a tag that some silo has (gpu) and one that none has (tpu).</summary>
[RequiresSiloTags("tpu", "gpu")]
public sealed class GpuTpuGrain : Grain, IGpuTpuGrain
{
    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}
