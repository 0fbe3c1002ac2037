using System.Numerics.Tensors;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Private-PGM's estimation (McKenna, Sheldon and Miklau 2019): the graphical model whose
/// marginals best explain noisy measurements, minimising L(μ) = ½ Σ_m ‖(Q_m·μ_m − y_m)/σ_m‖² over
/// the marginals μ a distribution can have. Entropic mirror descent works on the model's log
/// potentials θ: θ ← θ − α·∇L(μ(θ)), with μ(θ) from belief propagation, so every iterate is a
/// consistent distribution. The step starts at 1/N², doubles after every accepted step and halves
/// until the Armijo condition L(μ) − L(μ') ≥ ½α⟨∇L, μ − μ'⟩ holds.
/// </summary>
public static class MirrorDescentEstimator
{
    private const int MaxBacktracks = 25;

    /// <summary>
    /// Fits a model to <paramref name="measurements"/> over a domain with attribute sizes
    /// <paramref name="sizes"/>. <paramref name="warmStart"/>'s potentials, when given, seed those
    /// of the new model (AIM re-estimates after every new measurement).
    /// </summary>
    public static GraphicalModel Estimate(
        IReadOnlyList<int> sizes,
        IReadOnlyList<NoisyMeasurement> measurements,
        EstimationOptions? options = null,
        GraphicalModel? warmStart = null,
        Action<int, double>? onIteration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(measurements);
        options ??= new EstimationOptions();
        if (options.Iterations < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "Iterations must be >= 0");
        foreach (var m in measurements)
        {
            var cells = m.Attributes.Cells(sizes);
            if (m.Values.Length != cells) throw new ArgumentException($"a measurement over {m.Attributes} has {m.Values.Length} values, the marginal {cells} cells", nameof(measurements));
        }
        var total = options.Total ?? EstimateTotal(measurements);
        var tree = JunctionTree.Build(sizes, measurements.Select(m => m.Attributes));
        var state = new DescentState(tree, measurements, total, options.MaxDegreeOfParallelism, options.Pool);
        try
        {
            if (warmStart?.Potentials is { } previous) state.WarmStart(warmStart.Tree, previous);
            state.Run(options, onIteration, cancellationToken);
            return state.ToModel();
        }
        finally
        {
            state.ReleaseWorkingTables();
        }
    }

    /// <summary>
    /// The minimum-variance combination of every measurement's estimate of the row count (at
    /// least 1): Private-PGM's estimate when the total is not public.
    /// </summary>
    public static double EstimateTotal(IReadOnlyList<NoisyMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        double weighted = 0, precision = 0;
        foreach (var m in measurements)
        {
            var (estimate, variance) = m.TotalEstimate();
            weighted += estimate / variance;
            precision += 1 / variance;
        }
        return precision > 0 ? Math.Max(1, weighted / precision) : 1;
    }

    private sealed class DescentState : IPotentialWriter
    {
        // Every how many iterations, at most, a larger step is tried once the step size has settled.
        private const int MaxGrowthInterval = 16;

        private readonly JunctionTree _tree;
        private readonly NoisyMeasurement[] _measurements;

        // The measured sets, then unmeasured intermediates (see ProjectionPlan); _x, _gradient and
        // the maps are per node.
        private readonly AttributeSet[] _nodes;
        private readonly int[] _order;
        private readonly int[] _clique;
        private readonly int[] _parent;
        private readonly SubsetMap[] _maps;
        private readonly BeliefPropagation _propagation;
        private readonly int[] _roots;
        private readonly TablePool? _pool;
        private readonly TensorWorkers _workers;
        private readonly double _total;
        private readonly int[][] _rootsOf;
        private readonly double[][] _accumulated;
        // _mu holds each clique's marginal unnormalised; the marginal is _mu[k] · _scale[k].
        private double[][] _theta, _trialTheta, _mu, _trialMu;
        private double[] _scale, _trialScale;

        // The step size of the trial potentials being written (see Write).
        private double _stepAlpha;
        private double[][] _x, _trialX, _gradient, _trialGradient;

        // The outermost measurements' entries of _x / _trialX: the outputs belief propagation fills.
        private double[][] _projected, _trialProjected;

        public DescentState(JunctionTree tree, IReadOnlyList<NoisyMeasurement> measurements, double total, int threads, TablePool? pool)
        {
            _tree = tree;
            _pool = pool;
            _total = total;
            _measurements = [.. measurements];
            var plan = ProjectionPlan.Build(tree, [.. _measurements.Select(m => m.Attributes)]);
            _nodes = plan.Nodes;
            var count = _nodes.Length;
            _order = plan.Order;
            _clique = plan.Clique;
            _parent = plan.Parent;
            _maps = new SubsetMap[count];
            var sizes = tree.Sizes;
            for (var i = 0; i < count; i++)
            {
                var outer = _parent[i] >= 0 ? _nodes[_parent[i]] : tree.Cliques[_clique[i]];
                _maps[i] = new SubsetMap(outer.Indices, outer.Shape(sizes), _nodes[i].Indices, indexed: true);
            }
            _workers = new TensorWorkers(threads);
            // Outermost measurements are read off their clique during belief propagation.
            _roots = [.. Enumerable.Range(0, count).Where(i => _parent[i] < 0)];
            _propagation = new BeliefPropagation(tree, _workers, [.. _roots.Select(i => (_clique[i], _maps[i]))], pool);
            _theta = Tables(zeroed: true);
            _trialTheta = Tables(zeroed: false);
            _mu = Tables(zeroed: false);
            _trialMu = Tables(zeroed: false);
            _scale = new double[tree.Cliques.Count];
            _trialScale = new double[tree.Cliques.Count];
            _rootsOf = [.. Enumerable.Range(0, tree.Cliques.Count).Select(k => _roots.Where(i => _clique[i] == k).ToArray())];
            _x = Vectors();
            _trialX = Vectors();
            _gradient = Vectors();
            _trialGradient = Vectors();
            _projected = [.. _roots.Select(i => _x[i])];
            _trialProjected = [.. _roots.Select(i => _trialX[i])];
            _accumulated = Vectors();
        }

        // Each old clique's potential goes into the first new clique that contains it (as in
        // Private-PGM); the model only grows between AIM rounds, so one always does in practice.
        public void WarmStart(JunctionTree previousTree, IReadOnlyList<double[]> potentials)
        {
            for (var j = 0; j < previousTree.Cliques.Count; j++)
            {
                var old = previousTree.Cliques[j];
                for (var k = 0; k < _tree.Cliques.Count; k++)
                {
                    var clique = _tree.Cliques[k];
                    if (!old.IsSubsetOf(clique)) continue;
                    new SubsetMap(clique.Indices, clique.Shape(_tree.Sizes), old.Indices).AddTo(_theta[k], potentials[j]);
                    break;
                }
            }
        }

        // The step size: Private-PGM starts every iteration at twice the last accepted step and
        // halves until the Armijo condition holds, which once the step has settled costs two
        // belief propagations per iteration (the doubled step fails, the old one passes). Here an
        // iteration starts at the last accepted step, and a doubled one is tried every iteration
        // while doubling keeps succeeding, then every 2nd, 4th, … up to 16th iteration: the same
        // accepted steps, about one propagation per iteration.
        public void Run(EstimationOptions options, Action<int, double>? onIteration, CancellationToken cancellationToken)
        {
            _propagation.Run(_theta, _mu, _scale, _total, _projected);
            var loss = Loss(_scale, _x, _gradient);
            if (loss == 0 || options.Iterations == 0) return;
            AssembleGradient();

            var alpha = 1.0 / (_total * _total);
            var growthInterval = 1;
            var sinceGrowth = 0;
            var calm = 0;
            for (var t = 1; t <= options.Iterations; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var growing = ++sinceGrowth >= growthInterval;
                if (growing)
                {
                    alpha *= 2;
                    sinceGrowth = 0;
                }
                double trialLoss = 0;
                var attempts = 0;
                for (; attempts < MaxBacktracks; attempts++)
                {
                    // The step θ' = θ − α·∇ is written chunk by chunk as the propagation builds each belief.
                    _stepAlpha = alpha;
                    _propagation.Run(_trialTheta, _trialMu, _trialScale, _total, _trialProjected, writer: this);
                    trialLoss = Loss(_trialScale, _trialX, _trialGradient);
                    if (loss - trialLoss >= 0.5 * alpha * Decrease()) break;
                    alpha *= 0.5;
                }
                if (growing) growthInterval = attempts == 0 ? 1 : Math.Min(2 * growthInterval, MaxGrowthInterval);
                // After the last backtrack the step is taken anyway, as Private-PGM does.
                (_theta, _trialTheta) = (_trialTheta, _theta);
                (_mu, _trialMu) = (_trialMu, _mu);
                (_scale, _trialScale) = (_trialScale, _scale);
                (_x, _trialX) = (_trialX, _x);
                (_projected, _trialProjected) = (_trialProjected, _projected);
                (_gradient, _trialGradient) = (_trialGradient, _gradient);
                AssembleGradient();
                var improvement = loss - trialLoss;
                loss = trialLoss;
                onIteration?.Invoke(t, loss);
                if (options.RelativeTolerance > 0)
                {
                    calm = improvement < options.RelativeTolerance * loss ? calm + 1 : 0;
                    if (calm >= options.PatienceIterations) break;
                }
            }
        }

        public GraphicalModel ToModel()
        {
            for (var k = 0; k < _mu.Length; k++) _workers.Scale(_mu[k], _scale[k], _mu[k]);
            return new GraphicalModel(_tree, _mu, _total, _theta);
        }

        // The gradient of each outermost node: its own plus those of the nodes read from it,
        // broadcast up (children first).
        private void AssembleGradient()
        {
            for (var i = 0; i < _nodes.Length; i++) _gradient[i].AsSpan().CopyTo(_accumulated[i]);
            for (var position = _order.Length - 1; position >= 0; position--)
            {
                var i = _order[position];
                if (_parent[i] >= 0) _maps[i].AddTo(_accumulated[_parent[i]], _accumulated[i], 1.0, _workers);
            }
        }

        // θ' = θ − α·∇L on cells [start, end) of a clique, where ∇L is its outermost nodes' gradients
        // broadcast over it: added while copying θ, so the clique-sized gradient is never stored.
        // Belief propagation calls it on each chunk just before building that chunk's belief.
        public void Write(int clique, int start, int end)
        {
            var theta = _theta[clique];
            var trial = _trialTheta[clique];
            theta.AsSpan(start, end - start).CopyTo(trial.AsSpan(start, end - start));
            foreach (var i in _rootsOf[clique]) _maps[i].AddToRange(trial, _accumulated[i], -_stepAlpha, start, end);
        }

        // ⟨∇L(μ), μ − μ'⟩ on the measured marginals: the gradient only lives there.
        private double Decrease()
        {
            var sum = 0.0;
            for (var i = 0; i < _measurements.Length; i++)
            {
                var g = _gradient[i];
                var x = _x[i];
                var trial = _trialX[i];
                for (var c = 0; c < g.Length; c++) sum += g[c] * (x[c] - trial[c]);
            }
            return sum;
        }

        // Loss at the marginals μ; fills each measurement's projected marginal and its gradient
        // ∂L/∂x = Qᵀ(Qx − y)/σ².
        // The outermost measurements' marginals come from belief propagation (unnormalised); the
        // others are read from the measurement that holds them.
        private double Loss(double[] scales, double[][] xs, double[][] gradients)
        {
            var loss = 0.0;
            foreach (var i in _order)
            {
                var x = xs[i];
                if (_parent[i] >= 0) _maps[i].Sum(xs[_parent[i]], x, _workers);
                else TensorPrimitives.Multiply(x, scales[_clique[i]], x);
                if (i >= _measurements.Length) continue;
                var m = _measurements[i];
                var y = m.Values;
                var g = gradients[i];
                var inverse = 1 / m.Sigma;
                var weights = m.Weights;
                for (var c = 0; c < x.Length; c++)
                {
                    var q = weights is null ? 1.0 : weights[c];
                    var residual = (q * x[c] - y[c]) * inverse;
                    loss += 0.5 * residual * residual;
                    g[c] = q * residual * inverse;
                }
            }
            return loss;
        }

        // The tables the returned model does not keep go back to the pool.
        public void ReleaseWorkingTables()
        {
            if (_pool is null) return;
            foreach (var table in _trialTheta) _pool.Return(table);
            foreach (var table in _trialMu) _pool.Return(table);
            _propagation.Release();
            _pool.Trim(new HashSet<int>(_trialTheta.Select(t => t.Length).Append(_propagation.ScratchLength)));
        }

        private double[][] Tables(bool zeroed) => [.. _tree.Cliques.Select(c => Rent((int)c.Cells(_tree.Sizes), zeroed))];

        private double[] Rent(int length, bool zeroed) =>
            _pool is null ? new double[length] : zeroed ? _pool.RentZeroed(length) : _pool.Rent(length);

        private double[][] Vectors() => [.. _nodes.Select(n => new double[n.Cells(_tree.Sizes)])];
    }
}
