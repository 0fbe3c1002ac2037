using System.Collections.Concurrent;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Marginals of a <see cref="GraphicalModel"/> over any attribute set. Inside one clique: a sum.
/// Across cliques: elimination along the part of the junction tree that joins cliques covering
/// the set, rooted at the clique of the set's largest attribute, so the messages carry only the
/// smaller attributes. Each clique enters as its marginal summed onto what the computation needs
/// (conditioned on the separator towards the root, except at the root), and each message is a
/// contraction that never materialises the product it sums. Clique sums are cached, so the many
/// marginals of one query (a round of AIM) share them. Thread-safe.
/// </summary>
internal sealed class MarginalQuery(GraphicalModel model, IMarginalKernels? kernels = null)
{
    private readonly ConcurrentDictionary<(int Clique, AttributeSet Keep, AttributeSet? Given), Lazy<Factor>> _tables = new();
    private readonly JunctionTree _tree = model.Tree;

    public Factor Project(AttributeSet attributes)
    {
        var inside = _tree.FindContaining(attributes);
        if (inside >= 0)
        {
            var clique = model.CliqueMarginal(inside);
            return kernels is not null && clique.Values.Length >= kernels.MinCells ? kernels.Sum(clique, attributes) : clique.Sum(attributes);
        }

        var cliques = _tree.Cliques;
        var sizes = _tree.Sizes;
        // Cliques covering the attributes, most uncovered first; the root holds the largest attribute.
        var chosen = new List<int>();
        var uncovered = attributes;
        while (uncovered.Count > 0)
        {
            int best = -1, bestCount = 0;
            for (var k = 0; k < cliques.Count; k++)
            {
                var count = uncovered.Intersect(cliques[k]).Count;
                if (count > bestCount)
                {
                    best = k;
                    bestCount = count;
                }
            }
            if (best < 0) throw new ArgumentException($"{attributes} has attributes outside the model", nameof(attributes));
            chosen.Add(best);
            uncovered = uncovered.Except(cliques[best]);
        }
        var largest = attributes[0];
        foreach (var a in attributes.Indices)
        {
            if (sizes[a] > sizes[largest]) largest = a;
        }
        var root = chosen.First(k => cliques[k].Contains(largest));

        // The tree as seen from the root, and the part of it joining the chosen cliques.
        var n = cliques.Count;
        var up = new int[n];
        Array.Fill(up, -2);
        up[root] = -1;
        var order = new List<int> { root };
        for (var i = 0; i < order.Count; i++)
        {
            var v = order[i];
            foreach (var w in Neighbours(v))
            {
                if (up[w] != -2) continue;
                up[w] = v;
                order.Add(w);
            }
        }
        var inSubtree = new bool[n];
        foreach (var k in chosen)
        {
            for (var v = k; v >= 0 && !inSubtree[v]; v = up[v]) inSubtree[v] = true;
        }

        var messages = new Factor?[n];
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var v = order[i];
            if (!inSubtree[v]) continue;
            var separator = v == root ? AttributeSet.Empty : cliques[v].Intersect(cliques[up[v]]);
            var childMessages = new List<Factor>();
            var needed = attributes.Intersect(cliques[v]).Union(separator);
            foreach (var w in Neighbours(v))
            {
                if (w == up[v] || !inSubtree[w]) continue;
                childMessages.Add(messages[w]!);
                needed = needed.Union(cliques[v].Intersect(cliques[w]));
            }
            var table = Table(v, needed, v == root ? null : separator);
            // Keep what goes up: the separator and the wanted attributes seen so far.
            var seen = attributes.Intersect(table.Attributes);
            foreach (var m in childMessages) seen = seen.Union(attributes.Intersect(m.Attributes));
            var keep = v == root ? attributes : separator.Union(seen);
            var factors = new List<Factor>(childMessages.Count + 1) { table };
            factors.AddRange(childMessages);
            var message = Factor.Contract(factors, keep);
            if (v == root) return message;
            messages[v] = message;
        }
        throw new InvalidOperationException("the root was not reached");
    }

    private IEnumerable<int> Neighbours(int v)
    {
        if (_tree.Parent[v] >= 0) yield return _tree.Parent[v];
        foreach (var c in _tree.Children(v).ToArray()) yield return c;
    }

    // The clique's marginal summed onto `keep`, divided by its marginal on `given` (a subset of
    // keep; possibly empty, then by the total) unless that is null (the root): the conditional of
    // the rest given the separator towards the root.
    private Factor Table(int clique, AttributeSet keep, AttributeSet? given) =>
        _tables.GetOrAdd((clique, keep, given), key => new Lazy<Factor>(() =>
        {
            // The whole clique is read in place (nothing here writes to a table).
            var marginal = model.CliqueMarginal(key.Clique);
            var table = key.Keep.Equals(marginal.Attributes) ? marginal : marginal.Sum(key.Keep);
            return key.Given is null ? table : Factor.Divide(table, table.Sum(key.Given));
        })).Value;
}
