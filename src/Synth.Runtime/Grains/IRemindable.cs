namespace Synth.Runtime.Grains;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable
{
    Task ReceiveReminder(string name);
}
