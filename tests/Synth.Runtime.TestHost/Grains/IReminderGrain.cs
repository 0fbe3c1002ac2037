using Synth.Runtime.Grains;

namespace Synth.Runtime.TestHost.Grains;

public interface IReminderGrain : ICounterGrain, IRemindable
{
    Task StartTicking(int periodSeconds);

    Task StopTicking();

    Task<long> Ticks();
}
