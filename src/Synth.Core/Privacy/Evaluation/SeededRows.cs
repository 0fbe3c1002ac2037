using Synth.Core.Generation.Random;

namespace Synth.Core.Privacy.Evaluation;

/// <summary>The seeded row samples the evaluation draws (classifier training rows, closest-record probes and references).</summary>
internal static class SeededRows
{
    /// <summary>All rows, or a seeded subset of <paramref name="max"/> of them.</summary>
    public static int[] Subset(int rows, int max, ulong seed)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        if (rows <= max) return all;
        var key = CounterRng.Key(seed, "subset");
        // A partial Fisher–Yates: the first max positions are a uniform sample without replacement.
        for (var i = 0; i < max; i++)
        {
            var j = i + CounterRng.Below(CounterRng.At(key, i), rows - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..max];
    }
}
