using System.Numerics;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// The attribute graph of a set of cliques as bit sets, for the two steps of building a junction
/// tree: a greedy elimination order and the maximal cliques of the triangulated graph. Bit sets
/// because AIM asks for the model size of every candidate in every round.
/// </summary>
internal sealed class EliminationGraph
{
    private readonly IReadOnlyList<int> _sizes;
    private readonly int _words;
    private readonly List<ulong[]> _cliques = [];

    public EliminationGraph(IReadOnlyList<int> sizes, IEnumerable<AttributeSet> cliques)
    {
        _sizes = sizes;
        _words = (sizes.Count + 63) / 64;
        foreach (var clique in cliques)
        {
            var bits = new ulong[_words];
            foreach (var a in clique.Indices)
            {
                if (a >= sizes.Count) throw new ArgumentOutOfRangeException(nameof(cliques), a, $"the domain has {sizes.Count} attributes");
                bits[a >> 6] |= 1UL << (a & 63);
            }
            _cliques.Add(bits);
        }
    }

    /// <summary>
    /// Eliminates, at each step, the attribute whose elimination creates the smallest table (the
    /// product of the sizes of every attribute it shares a clique with); ties go to the lowest index.
    /// </summary>
    public int[] GreedyOrder()
    {
        var n = _sizes.Count;
        var factors = _cliques.Select(c => (ulong[])c.Clone()).ToList();
        var eliminated = new bool[n];
        var order = new int[n];
        var scope = new ulong[_words];
        for (var step = 0; step < n; step++)
        {
            var best = -1;
            var bestCost = double.PositiveInfinity;
            for (var a = 0; a < n; a++)
            {
                if (eliminated[a]) continue;
                Array.Clear(scope);
                foreach (var f in factors)
                {
                    if (Has(f, a)) Or(scope, f);
                }
                var cost = Cells(scope);
                if (cost < bestCost)
                {
                    best = a;
                    bestCost = cost;
                }
            }
            // The eliminated attribute's factors merge into one over their other attributes.
            var merged = new ulong[_words];
            for (var i = factors.Count - 1; i >= 0; i--)
            {
                if (!Has(factors[i], best)) continue;
                Or(merged, factors[i]);
                factors.RemoveAt(i);
            }
            merged[best >> 6] &= ~(1UL << (best & 63));
            if (!IsEmpty(merged)) factors.Add(merged);
            eliminated[best] = true;
            order[step] = best;
        }
        return order;
    }

    /// <summary>The maximal cliques of the graph triangulated by eliminating in <paramref name="order"/>.</summary>
    public List<ulong[]> MaximalCliques(IReadOnlyList<int> order)
    {
        var n = _sizes.Count;
        var adjacency = new ulong[n][];
        for (var a = 0; a < n; a++) adjacency[a] = new ulong[_words];
        foreach (var clique in _cliques)
        {
            for (var a = 0; a < n; a++)
            {
                if (Has(clique, a)) Or(adjacency[a], clique);
            }
        }
        var remaining = new ulong[_words];
        for (var a = 0; a < n; a++) remaining[a >> 6] |= 1UL << (a & 63);

        // Eliminating v makes its remaining neighbours a clique; with v they are a clique of the
        // triangulated graph, and every maximal clique appears this way.
        var candidates = new List<ulong[]>();
        foreach (var v in order)
        {
            var neighbours = new ulong[_words];
            for (var w = 0; w < _words; w++) neighbours[w] = adjacency[v][w] & remaining[w];
            neighbours[v >> 6] &= ~(1UL << (v & 63));
            for (var u = 0; u < n; u++)
            {
                if (Has(neighbours, u)) Or(adjacency[u], neighbours);
            }
            var clique = (ulong[])neighbours.Clone();
            clique[v >> 6] |= 1UL << (v & 63);
            candidates.Add(clique);
            remaining[v >> 6] &= ~(1UL << (v & 63));
        }

        var maximal = new List<ulong[]>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var dominated = false;
            for (var j = 0; j < candidates.Count && !dominated; j++)
            {
                if (i == j || !IsSubset(candidates[i], candidates[j])) continue;
                // Equal sets: keep the first only.
                dominated = !IsSubset(candidates[j], candidates[i]) || j < i;
            }
            if (!dominated) maximal.Add(candidates[i]);
        }
        return maximal;
    }

    public AttributeSet ToSet(ulong[] bits)
    {
        var indices = new List<int>();
        for (var a = 0; a < _sizes.Count; a++)
        {
            if (Has(bits, a)) indices.Add(a);
        }
        return new AttributeSet(indices);
    }

    public double Cells(ulong[] bits)
    {
        var cells = 1.0;
        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                cells *= _sizes[(w << 6) + bit];
                word &= word - 1;
            }
        }
        return cells;
    }

    private static bool Has(ulong[] bits, int a) => (bits[a >> 6] & (1UL << (a & 63))) != 0;

    private static void Or(ulong[] target, ulong[] source)
    {
        for (var w = 0; w < target.Length; w++) target[w] |= source[w];
    }

    private static bool IsEmpty(ulong[] bits)
    {
        foreach (var w in bits)
        {
            if (w != 0) return false;
        }
        return true;
    }

    private static bool IsSubset(ulong[] a, ulong[] b)
    {
        for (var w = 0; w < a.Length; w++)
        {
            if ((a[w] & ~b[w]) != 0) return false;
        }
        return true;
    }
}
