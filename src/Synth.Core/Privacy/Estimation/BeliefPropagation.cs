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
///
/// Large cliques do not fit in cache, and there the cost is memory traffic, not arithmetic: the
/// work on a clique is therefore fused into three passes (build the belief and find its maximum;
/// exponentiate and sum onto the parent separator; apply the parent's message and sum onto the
/// children's separators), each walking the table in cache-sized chunks, split over threads in
/// groups whose partial sums are combined in a fixed order (<see cref="TablePlan"/>).
/// </remarks>
internal sealed class BeliefPropagation
{
    // A downward message whose values span more than this (in log units) is not applied as a
    // factor exp(message − max) ∈ (e^-spread, 1]: the product could lose cells to underflow.
    private const double MaxMessageSpread = 200;

    private readonly JunctionTree _tree;
    private readonly TensorWorkers _workers;
    private readonly SubsetMap?[] _toSeparator;
    private readonly SubsetMap?[] _parentToSeparator;
    private readonly TablePlan[] _plans;
    private readonly double[][] _up;
    private readonly double[][] _down;
    private readonly double[]?[] _upPartial;
    private readonly double[]?[][] _downPartial;
    private readonly double[] _groupMax;
    private readonly double[] _groupTotal;
    private readonly double[] _logShift;
    private readonly double[] _scratch;
    private readonly double[] _shift;
    private readonly double[] _factor;
    private readonly (int Output, SubsetMap Map)[][] _projections;
    private readonly double[]?[][] _projectionPartial;
    private readonly TablePool? _pool;

    /// <param name="projections">
    /// Marginals to read off each clique's final belief in the same pass that sends its messages
    /// (the loss's measurements): (clique, map from the clique to the measured set). Their sums,
    /// unnormalised like the cliques, go to the outputs passed to <see cref="Run(double[][], double[][], double[], double, double[][])"/>.
    /// </param>
    public BeliefPropagation(JunctionTree tree, TensorWorkers workers, IReadOnlyList<(int Clique, SubsetMap Map)>? projections = null, TablePool? pool = null)
    {
        _tree = tree;
        _pool = pool;
        _workers = workers;
        var n = tree.Cliques.Count;
        _toSeparator = new SubsetMap?[n];
        _parentToSeparator = new SubsetMap?[n];
        _plans = new TablePlan[n];
        _up = new double[n][];
        _down = new double[n][];
        var largest = 1;
        var largestSeparator = 1;
        var groups = 1;
        for (var k = 0; k < n; k++)
        {
            var clique = tree.Cliques[k];
            var cells = checked((int)clique.Cells(tree.Sizes));
            largest = Math.Max(largest, cells);
            _plans[k] = TablePlan.For(cells);
            groups = Math.Max(groups, _plans[k].Groups);
            var parent = tree.Parent[k];
            if (parent < 0) continue;
            var separator = tree.Separators[k];
            _toSeparator[k] = new SubsetMap(clique.Indices, clique.Shape(tree.Sizes), separator.Indices, indexed: true);
            var parentClique = tree.Cliques[parent];
            _parentToSeparator[k] = new SubsetMap(parentClique.Indices, parentClique.Shape(tree.Sizes), separator.Indices, indexed: true);
            var separatorCells = _toSeparator[k]!.SmallCells;
            _up[k] = new double[separatorCells];
            _down[k] = new double[separatorCells];
            largestSeparator = Math.Max(largestSeparator, separatorCells);
        }
        // Per-group partial sums, only for cliques split into several groups.
        _upPartial = new double[n][];
        _downPartial = new double[n][][];
        for (var k = 0; k < n; k++)
        {
            var children = tree.Children(k);
            _downPartial[k] = new double[children.Length][];
            var g = _plans[k].Groups;
            if (g == 1) continue;
            if (tree.Parent[k] >= 0) _upPartial[k] = new double[g * _up[k].Length];
            for (var c = 0; c < children.Length; c++) _downPartial[k][c] = new double[g * _up[children[c]].Length];
        }
        _projections = new (int, SubsetMap)[n][];
        _projectionPartial = new double[n][][];
        projections ??= [];
        for (var k = 0; k < n; k++)
        {
            _projections[k] = [.. projections.Select((p, j) => (p, j)).Where(x => x.p.Clique == k).Select(x => (x.j, x.p.Map))];
            var g = _plans[k].Groups;
            _projectionPartial[k] = [.. _projections[k].Select(p => g == 1 ? null : new double[g * p.Map.SmallCells])];
        }
        _groupMax = new double[groups];
        _groupTotal = new double[groups];
        _logShift = new double[n];
        // Only the fallbacks use it, but it is as large as the largest clique.
        _scratch = pool?.Rent(largest) ?? new double[largest];
        _shift = new double[largestSeparator];
        _factor = new double[largestSeparator];
    }

    public JunctionTree Tree => _tree;

    public int ScratchLength => _scratch.Length;

    /// <summary>Gives the large scratch table back to the pool it came from.</summary>
    public void Release() => _pool?.Return(_scratch);

    /// <summary>
    /// Fills <paramref name="marginals"/> (one array per clique, the size of its table) with the
    /// model's clique marginals, each scaled to sum to <paramref name="total"/>.
    /// </summary>
    public void Run(double[][] potentials, double[][] marginals, double total)
    {
        var scales = new double[marginals.Length];
        Run(potentials, marginals, scales, total);
        for (var k = 0; k < marginals.Length; k++) _workers.Scale(marginals[k], scales[k], marginals[k]);
    }

    /// <summary>
    /// The marginals unnormalised: clique k's marginal is <paramref name="exp"/>[k] ·
    /// <paramref name="scales"/>[k]. Callers that only project the marginals (the loss) scale the
    /// small projections instead of the tables, which saves a pass over every clique.
    /// <paramref name="writer"/>, when given, writes each chunk of <paramref name="potentials"/> just
    /// before it is read (the first time any cell of a clique is read, all of it has been written).
    /// </summary>
    public void Run(double[][] potentials, double[][] exp, double[] scales, double total, double[][]? projected = null, IPotentialWriter? writer = null)
    {
        if (projected is null && _projections.Any(p => p.Length > 0)) throw new ArgumentException("outputs for the projections are needed", nameof(projected));
        var order = _tree.PreOrder;
        for (var i = order.Count - 1; i >= 0; i--) Collect(order[i], potentials, exp[order[i]], writer);
        foreach (var k in order) scales[k] = total / Distribute(k, potentials, exp[k], projected);
    }

    // Upward: the belief (potential + children's messages) is built and, for all but the root,
    // exponentiated and summed onto the separator with the parent.
    private void Collect(int k, double[][] potentials, double[] e, IPotentialWriter? writer)
    {
        var plan = _plans[k];
        var theta = potentials[k];
        if (plan.Groups == 1) _groupMax[0] = BuildBelief(k, theta, e, writer, 0, e.Length);
        else
        {
            _workers.ForEach(plan.Groups, g =>
            {
                var (start, end) = plan.Range(g);
                _groupMax[g] = BuildBelief(k, theta, e, writer, start, end);
            });
        }
        var max = Max(_groupMax, plan.Groups);
        _logShift[k] = max;
        if (_tree.Parent[k] < 0) return;

        var map = _toSeparator[k]!;
        var up = _up[k];
        if (plan.Groups == 1)
        {
            up.AsSpan().Clear();
            ExponentiateAndSum(e, max, map, up, 0, e.Length);
        }
        else
        {
            var partial = _upPartial[k]!;
            var cells = up.Length;
            _workers.ForEach(plan.Groups, g =>
            {
                var target = partial.AsSpan(g * cells, cells);
                target.Clear();
                var (start, end) = plan.Range(g);
                ExponentiateAndSum(e, max, map, target, start, end);
            });
            Combine(partial, plan.Groups, up);
        }
        if (!ToLog(up, max))
        {
            LogBelief(k, potentials, withDown: false);
            ExactLogSum(map, up);
        }
    }

    // Downward: the parent's message makes the belief final; then messages to the children. Returns
    // the sum of the exponentiated final belief.
    private double Distribute(int k, double[][] potentials, double[] e, double[][]? projected)
    {
        var plan = _plans[k];
        // Root: exponentiate the belief. Others: multiply in exp(message) on the separator, unless
        // the message spans too much, then rebuild and exponentiate.
        var exponentiate = true;
        var shift = _logShift[k];
        if (_tree.Parent[k] >= 0)
        {
            var down = _down[k];
            var high = TensorPrimitives.Max<double>(down);
            var low = TensorPrimitives.Min<double>(down);
            if (high - low <= MaxMessageSpread)
            {
                var factor = _factor.AsSpan(0, down.Length);
                TensorPrimitives.Subtract(down, high, factor);
                TensorPrimitives.Exp(factor, factor);
                shift += high;
                exponentiate = false;
            }
            else
            {
                LogBelief(k, potentials, withDown: true);
                _scratch.AsSpan(0, e.Length).CopyTo(e);
                shift = _workers.Max(e);
            }
        }
        _logShift[k] = shift;

        var children = _tree.Children(k);
        var projections = _projections[k];
        if (plan.Groups == 1)
        {
            foreach (var c in children) _down[c].AsSpan().Clear();
            foreach (var (output, _) in projections) projected![output].AsSpan().Clear();
            _groupTotal[0] = FinishBelief(k, e, exponentiate, shift, projected, -1, 0, e.Length);
        }
        else
        {
            _workers.ForEach(plan.Groups, g =>
            {
                var (start, end) = plan.Range(g);
                _groupTotal[g] = FinishBelief(k, e, exponentiate, shift, projected, g, start, end);
            });
            for (var c = 0; c < children.Length; c++) Combine(_downPartial[k][c]!, plan.Groups, _down[children[c]]);
            for (var j = 0; j < projections.Length; j++) Combine(_projectionPartial[k][j]!, plan.Groups, projected![projections[j].Output]);
        }
        for (var c = 0; c < children.Length; c++)
        {
            var child = children[c];
            var down = _down[child];
            if (!ToLog(down, shift))
            {
                LogBelief(k, potentials, withDown: true);
                ExactLogSum(_parentToSeparator[child]!, down);
            }
            TensorPrimitives.Subtract(down, _up[child], down);
        }
        // Group totals added in group order: the same on any thread count.
        var total = 0.0;
        for (var g = 0; g < plan.Groups; g++) total += _groupTotal[g];
        return total;
    }

    // Cells [start, end) of the belief, chunk by chunk (each chunk of the potential written first,
    // when a writer makes it); returns their maximum.
    private double BuildBelief(int k, double[] theta, double[] e, IPotentialWriter? writer, int start, int end)
    {
        var children = _tree.Children(k);
        var max = double.NegativeInfinity;
        for (var a = start; a < end; a += TablePlan.ChunkCells)
        {
            var b = Math.Min(a + TablePlan.ChunkCells, end);
            writer?.Write(k, a, b);
            theta.AsSpan(a, b - a).CopyTo(e.AsSpan(a, b - a));
            foreach (var c in children) _parentToSeparator[c]!.AddToRange(e, _up[c], 1.0, a, b);
            max = Math.Max(max, TensorPrimitives.Max<double>(e.AsSpan(a, b - a)));
        }
        return max;
    }

    private static void ExponentiateAndSum(double[] e, double max, SubsetMap map, Span<double> target, int start, int end)
    {
        for (var a = start; a < end; a += TablePlan.ChunkCells)
        {
            var chunk = e.AsSpan(a, Math.Min(TablePlan.ChunkCells, end - a));
            TensorPrimitives.Subtract(chunk, max, chunk);
            TensorPrimitives.Exp(chunk, chunk);
            map.SumRange(e, target, a, a + chunk.Length);
        }
    }

    // Cells [start, end): exponentiate (or apply the parent's message as a factor), sum onto the
    // children's separators and the projections (group g's partials, or the outputs directly when
    // g is −1); returns the cells' sum.
    private double FinishBelief(int k, double[] e, bool exponentiate, double shift, double[][]? projected, int g, int start, int end)
    {
        var children = _tree.Children(k);
        var projections = _projections[k];
        var total = 0.0;
        var map = _toSeparator[k];
        for (var a = start; a < end; a += TablePlan.ChunkCells)
        {
            var b = Math.Min(a + TablePlan.ChunkCells, end);
            var chunk = e.AsSpan(a, b - a);
            if (exponentiate)
            {
                TensorPrimitives.Subtract(chunk, shift, chunk);
                TensorPrimitives.Exp(chunk, chunk);
            }
            else
            {
                map!.MultiplyRange(e, _factor.AsSpan(0, map.SmallCells), a, b);
            }
            for (var c = 0; c < children.Length; c++)
            {
                var child = children[c];
                var cells = _down[child].Length;
                var target = g < 0 ? _down[child].AsSpan() : _downPartial[k][c].AsSpan(g * cells, cells);
                if (a == start && g >= 0) target.Clear();
                _parentToSeparator[child]!.SumRange(e, target, a, b);
            }
            for (var j = 0; j < projections.Length; j++)
            {
                var (output, projection) = projections[j];
                var cells = projection.SmallCells;
                var target = g < 0 ? projected![output].AsSpan() : _projectionPartial[k][j].AsSpan(g * cells, cells);
                if (a == start && g >= 0) target.Clear();
                projection.SumRange(e, target, a, b);
            }
            total += TensorPrimitives.Sum<double>(chunk);
        }
        return total;
    }

    // target = Σ over groups of the partial sums, added in group order.
    private static void Combine(double[] partial, int groups, double[] target)
    {
        var cells = target.Length;
        partial.AsSpan(0, cells).CopyTo(target);
        for (var g = 1; g < groups; g++) TensorPrimitives.Add(target, partial.AsSpan(g * cells, cells), target);
    }

    private static double Max(double[] values, int count)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < count; i++) max = Math.Max(max, values[i]);
        return max;
    }

    // log(sums) + shift, unless a separator cell underflowed to zero (then false: redo exactly).
    private static bool ToLog(double[] sums, double shift)
    {
        foreach (var v in sums)
        {
            if (!(v > 0) || double.IsInfinity(v)) return false;
        }
        TensorPrimitives.Log(sums, sums);
        TensorPrimitives.Add(sums, shift, sums);
        return true;
    }

    // The clique's belief in log space, into _scratch: potential + children's messages (+ the parent's).
    private void LogBelief(int k, double[][] potentials, bool withDown)
    {
        var belief = _scratch.AsSpan(0, potentials[k].Length);
        potentials[k].AsSpan().CopyTo(belief);
        foreach (var c in _tree.Children(k)) _parentToSeparator[c]!.AddTo(belief, _up[c]);
        if (withDown && _tree.Parent[k] >= 0) _toSeparator[k]!.AddTo(belief, _down[k]);
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
