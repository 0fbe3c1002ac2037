using Synth.Runtime.Grains;

namespace Synth.Bench.Runtime;

/// <summary>A durable counter: every <see cref="Add"/> writes its state (the write commits with the call).</summary>
public interface IBenchGrain : IGrain
{
    Task<long> Add(long amount);

    Task<long> Get();

    /// <summary>The name of the silo hosting the activation that served this call.</summary>
    Task<string> Host();
}

/// <summary>A grain without state: the cost of a call alone.</summary>
public interface IEchoGrain : IGrain
{
    Task<int> Echo(int value);
}

public sealed class BenchState
{
    public long Count { get; set; }
}

/// <summary>Who this silo is, injected into the grains (they cannot see the runtime's internals).</summary>
public sealed record BenchSiloInfo(string Name);

public sealed class BenchGrain(BenchSiloInfo silo) : Grain<BenchState>, IBenchGrain
{
    public async Task<long> Add(long amount)
    {
        State.Count += amount;
        await WriteStateAsync();
        return State.Count;
    }

    public Task<long> Get() => Task.FromResult(State.Count);

    public Task<string> Host() => Task.FromResult(silo.Name);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> Echo(int value) => Task.FromResult(value);
}

public static class BenchGrains
{
    public static GrainTypeRegistry Registry() => new GrainTypeRegistry()
        .Add<IBenchGrain, BenchGrain>()
        .Add<IEchoGrain, EchoGrain>();
}
