using Synth.Runtime.Grains;

namespace Synth.Runtime.TestHost.Grains;

public interface ICounterGrain : IGrain
{
    /// <summary>Adds to the durable count and returns the new count.</summary>
    Task<long> Add(long amount);

    Task<long> Get();

    /// <summary>The silo hosting the activation that served this call.</summary>
    Task<string> WhereAmI();
}
