using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// Total-variation distance between the marginals of two tables over the same domain:
/// TV(p, q) = ½·Σ|p − q| over every cell of the marginal (the full domain of its attributes), each
/// table's counts normalised to probabilities. 0 is identical, 1 is disjoint. The same metric as
/// the Private-PGM benchmarks (and <c>tv_error.py</c>).
/// </summary>
public static class MarginalDistance
{
    /// <summary>TV distance of the marginals over <paramref name="attributes"/>.</summary>
    public static double TotalVariation(EncodedTable real, EncodedTable synthetic, AttributeSet attributes)
    {
        CheckDomains(real, synthetic);
        ArgumentNullException.ThrowIfNull(attributes);
        return TotalVariation(MarginalCounter.Count(real, attributes), MarginalCounter.Count(synthetic, attributes));
    }

    /// <summary>TV distance of two count (or probability) vectors over the same cells, each normalised to sum 1.</summary>
    public static double TotalVariation(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException($"{p.Length} cells against {q.Length}");
        double sp = 0, sq = 0;
        foreach (var v in p) sp += v;
        foreach (var v in q) sq += v;
        if (!(sp > 0) || !(sq > 0)) throw new ArgumentException("both marginals need a positive total (an empty table has no distribution)");
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++) sum += Math.Abs(p[i] / sp - q[i] / sq);
        return 0.5 * sum;
    }

    /// <summary>
    /// TV distance of every marginal of <paramref name="way"/> attributes (1: each column, 2: each
    /// pair, …), in the order of the attribute combinations.
    /// </summary>
    public static IReadOnlyList<(AttributeSet Attributes, double Distance)> AllWays(EncodedTable real, EncodedTable synthetic, int way, int maxDegreeOfParallelism = -1)
    {
        CheckDomains(real, synthetic);
        if (way < 1 || way > real.Domain.Count) throw new ArgumentOutOfRangeException(nameof(way), way, $"way must be in 1..{real.Domain.Count}");
        var sets = Combinations(real.Domain.Count, way).ToArray();
        var distances = new double[sets.Length];
        Parallel.For(0, sets.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i => distances[i] = TotalVariation(real, synthetic, sets[i]));
        return [.. sets.Select((s, i) => (s, distances[i]))];
    }

    /// <summary>Mean and max TV distance over all 1-way and all 2-way marginals.</summary>
    public static MarginalDistanceSummary Summarize(EncodedTable real, EncodedTable synthetic, int maxDegreeOfParallelism = -1)
    {
        var one = AllWays(real, synthetic, 1, maxDegreeOfParallelism);
        var two = real.Domain.Count >= 2 ? AllWays(real, synthetic, 2, maxDegreeOfParallelism) : [];
        return new MarginalDistanceSummary(
            one.Average(x => x.Distance),
            one.Max(x => x.Distance),
            two.Count > 0 ? two.Average(x => x.Distance) : 0,
            two.Count > 0 ? two.Max(x => x.Distance) : 0,
            one.Count,
            two.Count);
    }

    private static void CheckDomains(EncodedTable real, EncodedTable synthetic)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        if (!real.Domain.Names.SequenceEqual(synthetic.Domain.Names, StringComparer.Ordinal) || !real.Domain.Sizes.SequenceEqual(synthetic.Domain.Sizes))
        {
            throw new ArgumentException("the two tables must have the same domain (names and sizes, in order)");
        }
    }

    private static IEnumerable<AttributeSet> Combinations(int n, int k)
    {
        var current = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return new AttributeSet(current);
            var i = k - 1;
            while (i >= 0 && current[i] == n - k + i) i--;
            if (i < 0) yield break;
            current[i]++;
            for (var j = i + 1; j < k; j++) current[j] = current[j - 1] + 1;
        }
    }
}
