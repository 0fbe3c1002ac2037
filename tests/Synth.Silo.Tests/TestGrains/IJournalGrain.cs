namespace Synth.Silo.Tests.TestGrains;

/// <summary>A grain that keeps a persisted journal and counts reminder ticks: the smallest user of grain storage and reminders.</summary>
[Alias("Synth.Silo.Tests.IJournalGrain")]
public interface IJournalGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task Append(string entry);

    [Alias("Entries")]
    Task<string[]> Entries();

    /// <summary>Registers the "tick" reminder (due after 1 s, every 1 s); each tick adds one to <see cref="Ticks"/> and writes the state.</summary>
    [Alias("StartTicking")]
    Task StartTicking();

    [Alias("Ticks")]
    Task<int> Ticks();

    [Alias("HasReminder")]
    Task<bool> HasReminder();

    /// <summary>The address of the silo this activation lives on.</summary>
    [Alias("Silo")]
    Task<string> Silo();
}
