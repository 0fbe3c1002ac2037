namespace Synth.Silo.Tests;

/// <summary>Waits for an outcome that the cluster reaches on its own (a reminder tick, metadata spreading), with a generous bound.</summary>
internal static class Eventually
{
    /// <summary>True as soon as <paramref name="probe"/>'s value satisfies <paramref name="condition"/>; false after <paramref name="limitSeconds"/>.</summary>
    public static async Task<bool> ReachesAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, int limitSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        while (true)
        {
            if (condition(await probe())) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(200);
        }
    }
}
