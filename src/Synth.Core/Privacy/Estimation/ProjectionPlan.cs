using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Where the estimator reads each measured marginal from. A measurement inside another one is read
/// from it (a 1-way inside a 2-way, a repeat of the same set), and in a large clique holding many
/// measurements, unmeasured intermediate marginals are added so that most measurements come from
/// a small table rather than from the clique: in a 7-attribute clique with its 21 pairs measured,
/// the clique summed over its largest attribute serves the 15 pairs without it, and so on down.
/// Gradients flow back the same way. The result is a forest: nodes (measurements first, then the
/// intermediates), each with a parent node, or none when it is read off its clique.
/// </summary>
internal sealed class ProjectionPlan
{
    // Cliques smaller than this are read directly: intermediates would not pay for themselves.
    private const long MinPlannedCells = 1 << 12;

    private ProjectionPlan(AttributeSet[] nodes, int[] parent, int[] clique, int[] order)
    {
        Nodes = nodes;
        Parent = parent;
        Clique = clique;
        Order = order;
    }

    /// <summary>The measured sets (in the measurements' order), then the intermediates.</summary>
    public AttributeSet[] Nodes { get; }

    /// <summary>The node each node is read from, or −1 when it is read from its clique.</summary>
    public int[] Parent { get; }

    /// <summary>The clique each node lies in (its own, or its root node's).</summary>
    public int[] Clique { get; }

    /// <summary>Nodes with every parent before its children.</summary>
    public int[] Order { get; }

    public static ProjectionPlan Build(JunctionTree tree, IReadOnlyList<AttributeSet> measured)
    {
        var plan = Assign(tree, [.. measured]);
        var intermediates = new List<AttributeSet>();
        var known = new HashSet<AttributeSet>(measured);
        for (var k = 0; k < tree.Cliques.Count; k++)
        {
            if (tree.Cliques[k].Cells(tree.Sizes) < MinPlannedCells) continue;
            var roots = Enumerable.Range(0, measured.Count).Where(i => plan.Parent[i] < 0 && plan.Clique[i] == k).Select(i => measured[i]).ToList();
            foreach (var set in Intermediates(tree.Cliques[k], roots, tree.Sizes))
            {
                if (known.Add(set)) intermediates.Add(set);
            }
        }
        return intermediates.Count == 0 ? plan : Assign(tree, [.. measured, .. intermediates]);
    }

    // Each node's parent: the smallest earlier node containing it (largest first), else its clique.
    private static ProjectionPlan Assign(JunctionTree tree, AttributeSet[] nodes)
    {
        var sizes = tree.Sizes;
        var order = Enumerable.Range(0, nodes.Length)
            .OrderByDescending(i => nodes[i].Cells(sizes))
            .ThenByDescending(i => nodes[i].Count)
            .ThenBy(i => i)
            .ToArray();
        var parent = new int[nodes.Length];
        var clique = new int[nodes.Length];
        for (var position = 0; position < order.Length; position++)
        {
            var i = order[position];
            var best = -1;
            for (var earlier = 0; earlier < position; earlier++)
            {
                var j = order[earlier];
                if (nodes[i].IsSubsetOf(nodes[j]) && (best < 0 || nodes[j].Cells(sizes) < nodes[best].Cells(sizes))) best = j;
            }
            parent[i] = best;
            clique[i] = best >= 0 ? clique[best] : tree.FindContaining(nodes[i]);
        }
        return new ProjectionPlan(nodes, parent, clique, order);
    }

    // Greedy: sum out the attribute that the most targets lack (the largest on ties) into an
    // intermediate serving those targets, recurse into it, and continue with the targets that
    // have that attribute.
    private static List<AttributeSet> Intermediates(AttributeSet table, List<AttributeSet> targets, IReadOnlyList<int> sizes)
    {
        var result = new List<AttributeSet>();
        void Recurse(AttributeSet current, List<AttributeSet> remaining)
        {
            while (remaining.Count > 1)
            {
                int best = -1, bestWithout = 1;
                foreach (var x in current.Indices)
                {
                    var without = remaining.Count(t => !t.Contains(x));
                    if (without > bestWithout || without == bestWithout && best >= 0 && sizes[x] > sizes[best])
                    {
                        best = x;
                        bestWithout = without;
                    }
                }
                if (best < 0) return;
                var smaller = current.Except(new AttributeSet(best));
                var served = remaining.Where(t => !t.Contains(best)).ToList();
                result.Add(smaller);
                Recurse(smaller, served);
                remaining = [.. remaining.Where(t => t.Contains(best))];
            }
        }
        Recurse(table, targets);
        return result;
    }
}
