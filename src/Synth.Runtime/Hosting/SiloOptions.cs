namespace Synth.Runtime.Hosting;

/// <summary>Settings of one silo, bound from "Synth:Silo" (Synth__Silo__Tags, …).</summary>
public sealed class SiloOptions
{
    /// <summary>Human-readable name shown in the membership table. Default: machine name and process id.</summary>
    public string Name { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Placement tags this silo offers, e.g. ["gpu"]. Default none.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>How often the silo refreshes its heartbeat and checks its peers. Default 1 s.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose heartbeat is older than this is declared dead and its grains move. Default 5 s.</summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An activation with no call for this long is deactivated. Default 2 min.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often due reminders are looked for. Default 1 s (so reminder periods below it are rounded up).</summary>
    public TimeSpan ReminderPollPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
