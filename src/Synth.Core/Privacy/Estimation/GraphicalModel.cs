using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// A distribution over the whole domain, given as a junction tree with a (calibrated) marginal per
/// clique, scaled to <see cref="Total"/> rows. Any marginal can be read from it: inside one clique
/// by summing, across cliques by eliminating along the part of the tree that joins them.
/// </summary>
public sealed class GraphicalModel
{
    private readonly double[][] _marginals;
    private readonly double[][]? _potentials;

    public GraphicalModel(JunctionTree tree, double[][] marginals, double total, double[][]? potentials = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(marginals);
        if (marginals.Length != tree.Cliques.Count) throw new ArgumentException($"{marginals.Length} marginals for {tree.Cliques.Count} cliques", nameof(marginals));
        for (var k = 0; k < marginals.Length; k++)
        {
            var cells = tree.Cliques[k].Cells(tree.Sizes);
            if (marginals[k].Length != cells) throw new ArgumentException($"clique {tree.Cliques[k]} has {cells} cells, its marginal {marginals[k].Length}", nameof(marginals));
            if (potentials is not null && potentials[k].Length != cells) throw new ArgumentException($"clique {tree.Cliques[k]}: potential of the wrong size", nameof(potentials));
        }
        if (!(total > 0)) throw new ArgumentOutOfRangeException(nameof(total), total, "total must be > 0");
        Tree = tree;
        _marginals = marginals;
        _potentials = potentials;
        Total = total;
    }

    public JunctionTree Tree { get; }

    /// <summary>The number of rows the marginals add up to (the estimated size of the data).</summary>
    public double Total { get; }

    public IReadOnlyList<double[]> CliqueMarginals => _marginals;

    /// <summary>Log-space clique potentials (the parameters mirror descent fitted), if kept.</summary>
    public IReadOnlyList<double[]>? Potentials => _potentials;

    public Factor CliqueMarginal(int clique) => new(Tree.Cliques[clique], Tree.Sizes, _marginals[clique]);

    /// <summary>The model's marginal over <paramref name="attributes"/>, as counts adding up to <see cref="Total"/>.</summary>
    public Factor Project(AttributeSet attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var inside = Tree.FindContaining(attributes);
        if (inside >= 0) return CliqueMarginal(inside).Sum(attributes);
        return ProjectAcross(attributes);
    }

    // Cliques that cover the attributes (greedily, most uncovered first), the subtree that joins
    // them, then elimination from its leaves up: each clique enters as its conditional given the
    // separator to its parent, except the subtree's top, which enters as its marginal.
    private Factor ProjectAcross(AttributeSet attributes)
    {
        var cliques = Tree.Cliques;
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

        // Every clique on a path from a chosen clique up to the chosen cliques' common ancestor.
        var n = cliques.Count;
        var depth = new int[n];
        foreach (var k in Tree.PreOrder) depth[k] = Tree.Parent[k] < 0 ? 0 : depth[Tree.Parent[k]] + 1;
        var hits = new int[n];
        foreach (var k in chosen)
        {
            for (var v = k; v >= 0; v = Tree.Parent[v]) hits[v]++;
        }
        var top = -1;
        for (var k = 0; k < n; k++)
        {
            if (hits[k] == chosen.Count && (top < 0 || depth[k] > depth[top])) top = k;
        }
        var inSubtree = new bool[n];
        for (var k = 0; k < n; k++) inSubtree[k] = hits[k] > 0 && depth[k] >= depth[top];

        var messages = new Factor?[n];
        for (var i = Tree.PreOrder.Count - 1; i >= 0; i--)
        {
            var k = Tree.PreOrder[i];
            if (!inSubtree[k]) continue;
            // Keep what the rest of the subtree still needs: the separator upwards, the separators
            // to the children in the subtree, and the wanted attributes.
            var keep = attributes.Intersect(cliques[k]);
            if (k != top) keep = keep.Union(Tree.Separators[k]);
            foreach (var c in Tree.Children(k))
            {
                if (inSubtree[c]) keep = keep.Union(Tree.Separators[c]);
            }
            var factor = CliqueMarginal(k).Sum(keep);
            if (k != top) factor = Factor.Divide(factor, factor.Sum(Tree.Separators[k]));
            foreach (var c in Tree.Children(k))
            {
                if (inSubtree[c]) factor = Factor.Multiply(factor, messages[c]!);
            }
            if (k == top) return factor.Sum(attributes);
            messages[k] = factor.Sum(Tree.Separators[k].Union(attributes.Intersect(factor.Attributes)));
        }
        throw new InvalidOperationException("the subtree has no top clique");
    }
}
