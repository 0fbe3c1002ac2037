namespace Synth.Runtime.TestHost.Grains;

public sealed class CounterState
{
    public long Count { get; set; }

    /// <summary>Reminder ticks received (for reminder tests).</summary>
    public long Ticks { get; set; }
}
