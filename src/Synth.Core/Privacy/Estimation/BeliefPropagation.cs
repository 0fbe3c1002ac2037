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
/// message in log space (a subtraction on the separator), so it costs no extra pass over the
/// clique, and it reaches the child as a factor on the child's exponentiated belief, so each cell
/// is exponentiated once per run, not twice.
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
    private readonly double[] _separatorScratch;
    private readonly double[] _logShift;
    private readonly TensorWorkers _workers;

    // A downward message whose values span more than this (in log units) is not applied as a
    // factor exp(message − max) ∈ (e^-spread, 1]: the product could lose cells to underflow.
    private const double MaxMessageSpread = 200;

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
        _separatorScratch = new double[largestSeparator];
        _logShift = new double[n];
    }

    public JunctionTree Tree => _tree;

    /// <summary>
    /// Fills <paramref name="marginals"/> (one array per clique, the size of its table) with the
    /// model's clique marginals, each scaled to sum to <paramref name="total"/>.
    /// </summary>
    public void Run(double[][] potentials, double[][] marginals, double total)
    {
        var order = _tree.PreOrder;
        // Upward: a clique's belief is its potential plus its children's messages. It is kept
        // exponentiated (shifted by its maximum) in the marginal's buffer.
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var k = order[i];
            var e = marginals[k];
            LogBelief(k, potentials, withDown: false, e);
            var max = _workers.Max(e);
            _workers.ExpShifted(e, max, e);
            _logShift[k] = max;
            if (_tree.Parent[k] < 0) continue;
            if (!LogSum(_toSeparator[k]!, e, max, _up[k]))
            {
                LogBelief(k, potentials, withDown: false, _scratch);
                ExactLogSum(_toSeparator[k]!, _up[k]);
            }
        }

        // Downward: the parent's message makes a belief final. Multiplying the exponentiated
        // belief by exp(message) on the separator costs one pass over the clique but no exp per
        // cell; a message whose values span too much for that falls back to exponentiating again.
        foreach (var k in order)
        {
            var e = marginals[k];
            if (_tree.Parent[k] >= 0)
            {
                var down = _down[k];
                var high = TensorPrimitives.Max<double>(down);
                var low = TensorPrimitives.Min<double>(down);
                if (high - low <= MaxMessageSpread)
                {
                    var factor = _separatorScratch.AsSpan(0, down.Length);
                    TensorPrimitives.Subtract(down, high, factor);
                    TensorPrimitives.Exp(factor, factor);
                    _toSeparator[k]!.MultiplyInto(e, _separatorScratch, _workers);
                    _logShift[k] += high;
                }
                else
                {
                    LogBelief(k, potentials, withDown: true, e);
                    var max = _workers.Max(e);
                    _workers.ExpShifted(e, max, e);
                    _logShift[k] = max;
                }
            }
            foreach (var c in _tree.Children(k))
            {
                var down = _down[c];
                if (!LogSum(_parentToSeparator[c]!, e, _logShift[k], down))
                {
                    LogBelief(k, potentials, withDown: true, _scratch);
                    ExactLogSum(_parentToSeparator[c]!, down);
                }
                TensorPrimitives.Subtract(down, _up[c], down);
            }
            // Normalising each clique by its own sum keeps every marginal's total exact.
            var sum = _workers.Sum(e, e.Length);
            _workers.Scale(e, total / sum, e);
        }
    }

    // The clique's belief in log space: potential + children's messages (+ the parent's).
    private void LogBelief(int k, double[][] potentials, bool withDown, double[] target)
    {
        var belief = target.AsSpan(0, potentials[k].Length);
        potentials[k].AsSpan().CopyTo(belief);
        var full = target.Length == belief.Length ? target : null;
        foreach (var c in _tree.Children(k))
        {
            if (full is not null) _parentToSeparator[c]!.AddTo(full, _up[c], 1.0, _workers);
            else _parentToSeparator[c]!.AddTo(belief, _up[c]);
        }
        if (withDown && _tree.Parent[k] >= 0)
        {
            if (full is not null) _toSeparator[k]!.AddTo(full, _down[k], 1.0, _workers);
            else _toSeparator[k]!.AddTo(belief, _down[k]);
        }
    }

    // target = log Σ exp(belief) onto the separator, given exp = exp(belief − shift); false when a
    // separator cell underflowed to zero (then the caller redoes it exactly).
    private bool LogSum(SubsetMap map, double[] exp, double shift, double[] target)
    {
        map.Sum(exp, target, _workers);
        foreach (var v in target)
        {
            if (!(v > 0) || double.IsInfinity(v)) return false;
        }
        TensorPrimitives.Log(target, target);
        TensorPrimitives.Add(target, shift, target);
        return true;
    }

    // target = log Σ exp onto the separator of the log belief in _scratch, each separator cell
    // shifted by its own maximum.
    private void ExactLogSum(SubsetMap map, double[] target)
    {
        var belief = _scratch.AsSpan(0, map.LargeCells);
        var shift = _shift.AsSpan(0, target.Length);
        map.Max(belief, shift);
        map.SumExp(belief, target, shift);
        TensorPrimitives.Log(target, target);
        TensorPrimitives.Add(target, shift, target);
    }
}
