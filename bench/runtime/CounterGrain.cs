using Synth.Grains;

namespace Synth.Bench.Runtime;

/// <summary>The benchmark's grain: a counter read from memory, or incremented with a state write each time.</summary>
public interface ICounterGrain : IGrainWithIntegerKey
{
    /// <summary>An in-memory call: the value, no I/O.</summary>
    Task<long> ReadAsync();

    /// <summary>A state-writing call: one write through Synth's grain storage (SQLite or PostgreSQL) per call.</summary>
    Task<long> IncrementAsync();

    /// <summary>The process id of the silo hosting this activation (for failover).</summary>
    Task<int> WhereAsync();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public long Value { get; set; }
}

internal sealed class CounterGrain([PersistentState("counter", SynthStorage.Name)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public Task<long> ReadAsync() => Task.FromResult(state.State.Value);

    public async Task<long> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> WhereAsync() => Task.FromResult(Environment.ProcessId);
}
