namespace Synth.Silo.Tests.TestGrains;

public sealed class JournalGrain([PersistentState("journal", JournalGrain.StorageName)] IPersistentState<JournalState> state)
    : Grain, IJournalGrain, IRemindable
{
    /// <summary>The grain storage provider the test clusters register.</summary>
    public const string StorageName = "synth";

    public async Task Append(string entry)
    {
        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
    }

    public Task<string[]> Entries() => Task.FromResult(state.State.Entries.ToArray());

    public async Task StartTicking() => await this.RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    public async Task<bool> HasReminder() => await this.GetReminder("tick") is not null;

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
