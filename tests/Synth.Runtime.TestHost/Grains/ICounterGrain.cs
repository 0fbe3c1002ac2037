using Synth.Runtime.Grains;

namespace Synth.Runtime.TestHost.Grains;

public interface ICounterGrain : IGrain
{
    /// <summary>Adds to the durable count and returns the new count.</summary>
    Task<long> Add(long amount);

    Task<long> Get();

    /// <summary>Like <see cref="Add"/> but takes <paramref name="milliseconds"/> first, so calls can be caught in flight.</summary>
    Task<long> AddSlowly(long amount, int milliseconds);

    /// <summary>The silo hosting the activation that served this call.</summary>
    Task<string> WhereAmI();
}
