using System.Collections.Concurrent;

namespace Synth.Runtime.TestHost.Grains;

/// <summary>In-process evidence for tests: activations per key and whether two turns ever overlapped.</summary>
public static class TurnLog
{
    private static readonly ConcurrentDictionary<string, int> Live = new();
    private static readonly ConcurrentDictionary<string, int> InTurn = new();

    public static int MaxConcurrentActivations { get; private set; }

    public static int MaxConcurrentTurns { get; private set; }

    public static int Activations { get; private set; }

    public static void Reset()
    {
        Live.Clear();
        InTurn.Clear();
        MaxConcurrentActivations = MaxConcurrentTurns = Activations = 0;
    }

    public static void Activated(string key)
    {
        var n = Live.AddOrUpdate(key, 1, (_, v) => v + 1);
        lock (Live)
        {
            Activations++;
            MaxConcurrentActivations = Math.Max(MaxConcurrentActivations, n);
        }
    }

    public static void Deactivated(string key) => Live.AddOrUpdate(key, 0, (_, v) => v - 1);

    public static IDisposable Enter(string key)
    {
        var n = InTurn.AddOrUpdate(key, 1, (_, v) => v + 1);
        lock (InTurn) MaxConcurrentTurns = Math.Max(MaxConcurrentTurns, n);
        return new Exit(key);
    }

    private sealed class Exit(string key) : IDisposable
    {
        public void Dispose() => InTurn.AddOrUpdate(key, 0, (_, v) => v - 1);
    }
}
