namespace Synth.Grains;

/// <summary>The grain storage every Synth grain keeps its state in (the silo host decides what it is: SQLite, PostgreSQL, memory in tests).</summary>
public static class SynthStorage
{
    public const string Name = "synth";

    /// <summary>Where job grains' reminders and timers come from: one name for the reminder that brings a job back after a failover.</summary>
    public const string JobWatchdog = "watchdog";
}
