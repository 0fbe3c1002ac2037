using Synth.Runtime.Grains;

namespace Synth.Runtime.TestHost.Grains;

/// <summary>A durable counter that records, in <see cref="TurnLog"/>, when turns overlap.</summary>
public sealed class CounterGrain : Grain<CounterState>, ICounterGrain, IReminderGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        TurnLog.Activated(Key);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        TurnLog.Deactivated(Key);
        return Task.CompletedTask;
    }

    public async Task<long> Add(long amount)
    {
        using var turn = TurnLog.Enter(Key);
        State.Count += amount;
        await Task.Yield();
        await WriteStateAsync();
        return State.Count;
    }

    public Task<long> Get() => Task.FromResult(State.Count);

    public async Task<long> AddSlowly(long amount, int milliseconds)
    {
        await Task.Delay(milliseconds);
        State.Count += amount;
        await WriteStateAsync();
        return State.Count;
    }

    public Task<string> WhereAmI() => Task.FromResult(Activation.Silo.SiloId);

    public Task StartTicking(int periodSeconds) => RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(periodSeconds));

    public Task StopTicking() => UnregisterReminder("tick");

    public Task<long> Ticks() => Task.FromResult(State.Ticks);

    public async Task ReceiveReminder(string name)
    {
        State.Ticks++;
        await WriteStateAsync();
    }
}
