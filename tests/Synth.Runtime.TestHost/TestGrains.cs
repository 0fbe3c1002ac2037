using Synth.Runtime.Grains;
using Synth.Runtime.TestHost.Grains;

namespace Synth.Runtime.TestHost;

public static class TestGrains
{
    public static GrainTypeRegistry Registry() => new GrainTypeRegistry()
        .Add<ICounterGrain, CounterGrain>()
        .Add<IReminderGrain, CounterGrain>()
        .Add<IGpuGrain, GpuGrain>()
        .Add<IWorkerGrain, WorkerGrain>();
}
