namespace Synth.Bench.Failover;

[Alias("Synth.Bench.Failover.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>The process id of the silo this activation lives on.</summary>
    [Alias("Where")]
    Task<int> Where();
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Where() => Task.FromResult(Environment.ProcessId);
}
