using System.Numerics.Tensors;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Exact marginals of a junction-tree model from its log-space clique potentials (sum-product,
/// one pass up the tree and one down). Compiled once per tree: the index maps and message buffers
/// are reused, so a call allocates nothing, which matters because mirror descent makes thousands.
/// </summary>
/// <remarks>
/// A message is log Σ exp of a belief onto a separator. Each belief is exponentiated once, shifted
/// by its overall maximum, and every message out of it is a plain sum of that; only when a
/// separator cell underflows to zero (all its cells far below the maximum) is that message redone
/// with a per-cell shift. The downward message to a child divides out the child's own upward
/// message in log space (a subtraction on the separator), so it costs no extra pass over the clique.
/// </remarks>
internal sealed class BeliefPropagation
{
    private readonly JunctionTree _tree;
    private readonly SubsetMap?[] _toSeparator;
    private readonly SubsetMap?[] _parentToSeparator;
    private readonly double[][] _up;
    private readonly double[][] _down;
    private readonly double[] _scratch;
    private readonly double[] _shift;
    private readonly TensorWorkers _workers;

    public BeliefPropagation(JunctionTree tree, TensorWorkers workers)
    {
        _tree = tree;
        _workers = workers;
        var n = tree.Cliques.Count;
        _toSeparator = new SubsetMap?[n];
        _parentToSeparator = new SubsetMap?[n];
        _up = new double[n][];
        _down = new double[n][];
        var largest = 1;
        var largestSeparator = 1;
        for (var k = 0; k < n; k++)
        {
            var clique = tree.Cliques[k];
            largest = Math.Max(largest, checked((int)clique.Cells(tree.Sizes)));
            var parent = tree.Parent[k];
            if (parent < 0) continue;
            var separator = tree.Separators[k];
            _toSeparator[k] = new SubsetMap(clique.Indices, clique.Shape(tree.Sizes), separator.Indices);
            var parentClique = tree.Cliques[parent];
            _parentToSeparator[k] = new SubsetMap(parentClique.Indices, parentClique.Shape(tree.Sizes), separator.Indices);
            var cells = _toSeparator[k]!.SmallCells;
            _up[k] = new double[cells];
            _down[k] = new double[cells];
            largestSeparator = Math.Max(largestSeparator, cells);
        }
        _scratch = new double[largest];
        _shift = new double[largestSeparator];
    }

    public JunctionTree Tree => _tree;

    /// <summary>
    /// Fills <paramref name="marginals"/> (one array per clique, the size of its table) with the
    /// model's clique marginals, each scaled to sum to <paramref name="total"/>.
    /// </summary>
    public void Run(double[][] potentials, double[][] marginals, double total)
    {
        var order = _tree.PreOrder;
        // Upward: a clique's belief is its potential plus its children's messages.
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var k = order[i];
            var belief = marginals[k];
            potentials[k].AsSpan().CopyTo(belief);
            foreach (var c in _tree.Children(k)) _parentToSeparator[c]!.AddTo(belief, _up[c]);
            if (_tree.Parent[k] < 0) continue;
            var max = _workers.Max(belief);
            _workers.ExpShifted(belief, max, _scratch);
            LogSum(_toSeparator[k]!, belief, _scratch.AsSpan(0, belief.Length), max, _up[k]);
        }

        // Downward: a clique's belief is final once its parent's message is in.
        foreach (var k in order)
        {
            var belief = marginals[k];
            var max = _workers.Max(belief);
            _workers.ExpShifted(belief, max, _scratch);
            var exp = _scratch.AsSpan(0, belief.Length);
            foreach (var c in _tree.Children(k))
            {
                var down = _down[c];
                LogSum(_parentToSeparator[c]!, belief, exp, max, down);
                TensorPrimitives.Subtract(down, _up[c], down);
                _toSeparator[c]!.AddTo(marginals[c], down);
            }
            // Normalising each clique by its own sum keeps every marginal's total exact.
            var sum = _workers.Sum(_scratch, belief.Length);
            _workers.Scale(_scratch, total / sum, belief);
        }
    }

    // target = log Σ exp(belief) onto the separator, given exp = exp(belief − max).
    private void LogSum(SubsetMap map, double[] belief, ReadOnlySpan<double> exp, double max, double[] target)
    {
        map.Sum(exp, target);
        var underflow = false;
        foreach (var v in target)
        {
            if (v == 0)
            {
                underflow = true;
                break;
            }
        }
        if (!underflow)
        {
            TensorPrimitives.Log(target, target);
            TensorPrimitives.Add(target, max, target);
            return;
        }
        var shift = _shift.AsSpan(0, target.Length);
        map.Max(belief, shift);
        map.SumExp(belief, target, shift);
        TensorPrimitives.Log(target, target);
        TensorPrimitives.Add(target, shift, target);
    }
}
