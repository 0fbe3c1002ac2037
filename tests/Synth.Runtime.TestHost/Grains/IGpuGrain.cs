using Synth.Runtime.Grains;

namespace Synth.Runtime.TestHost.Grains;

public interface IGpuGrain : IGrain
{
    Task<string> WhereAmI();
}

[RequiresSiloTags("gpu")]
public sealed class GpuGrain : Grain, IGpuGrain
{
    public Task<string> WhereAmI() => Task.FromResult(Activation.Silo.SiloId);
}
