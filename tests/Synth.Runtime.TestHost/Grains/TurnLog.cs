using System.Collections.Concurrent;

namespace Synth.Runtime.TestHost.Grains;

/// <summary>
/// In-process evidence for tests, per grain key (tests run in parallel, each with its own keys):
/// how many activations a key had, and the most turns or activations that ever overlapped.
/// </summary>
public static class TurnLog
{
    private static readonly ConcurrentDictionary<string, Counters> ByKey = new();

    public static int ActivationsOf(string key) => Of(key).Activations;

    public static int MaxConcurrentActivationsOf(string key) => Of(key).MaxLive;

    public static int MaxConcurrentTurnsOf(string key) => Of(key).MaxInTurn;

    public static void Activated(string key)
    {
        var c = Of(key);
        lock (c)
        {
            c.Activations++;
            c.Live++;
            c.MaxLive = Math.Max(c.MaxLive, c.Live);
        }
    }

    public static void Deactivated(string key)
    {
        var c = Of(key);
        lock (c) c.Live--;
    }

    public static IDisposable Enter(string key)
    {
        var c = Of(key);
        lock (c)
        {
            c.InTurn++;
            c.MaxInTurn = Math.Max(c.MaxInTurn, c.InTurn);
        }
        return new Exit(c);
    }

    private static Counters Of(string key) => ByKey.GetOrAdd(key, _ => new Counters());

    private sealed class Counters
    {
        public int Activations, Live, MaxLive, InTurn, MaxInTurn;
    }

    private sealed class Exit(Counters c) : IDisposable
    {
        public void Dispose()
        {
            lock (c) c.InTurn--;
        }
    }
}
