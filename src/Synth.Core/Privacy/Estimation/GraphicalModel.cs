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
        return new MarginalQuery(this).Project(attributes);
    }

    /// <summary>
    /// Many marginals at once (AIM scores every candidate each round), up to
    /// <paramref name="maxDegreeOfParallelism"/> at a time: the clique sums that marginals across
    /// cliques need are computed once and shared. <paramref name="kernels"/>, when given, sums large cliques (a GPU).
    /// </summary>
    public IReadOnlyList<Factor> ProjectMany(IReadOnlyList<AttributeSet> targets, int maxDegreeOfParallelism = 1, CancellationToken cancellationToken = default, IMarginalKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var query = new MarginalQuery(this, kernels);
        var results = new Factor[targets.Count];
        Parallel.For(0, targets.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken },
            i => results[i] = query.Project(targets[i]));
        return results;
    }
}
