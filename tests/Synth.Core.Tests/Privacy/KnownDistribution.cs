using Synth.Core.Privacy;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy;

/// <summary>
/// A small distribution the tests know exactly: attributes drawn one after another, each from a
/// random conditional table given one earlier attribute (a tree-shaped Bayesian network), so its
/// true 2-way marginals are strongly dependent and a tree model can represent it exactly.
/// </summary>
internal sealed class KnownDistribution
{
    private readonly int[] _parent;
    private readonly double[][][] _conditional;

    public KnownDistribution(int[] sizes, int[] parent, ulong seed)
    {
        Sizes = sizes;
        _parent = parent;
        var random = new PrivateRandom(seed);
        _conditional = new double[sizes.Length][][];
        for (var a = 0; a < sizes.Length; a++)
        {
            var rows = parent[a] < 0 ? 1 : sizes[parent[a]];
            _conditional[a] = new double[rows][];
            for (var r = 0; r < rows; r++)
            {
                // Skewed weights (some values rare) make the test harder than uniform noise.
                var weights = Enumerable.Range(0, sizes[a]).Select(_ => Math.Pow(random.NextDouble(), 3) + 0.01).ToArray();
                var total = weights.Sum();
                _conditional[a][r] = [.. weights.Select(w => w / total)];
            }
        }
        Domain = new Domain([.. sizes.Select((_, i) => $"a{i}")], sizes);
    }

    /// <summary>Five attributes, sizes 3 to 6, in a tree: a0 → a1 → a2, a1 → a3, a0 → a4.</summary>
    public static KnownDistribution Tree(ulong seed = 7) => new([3, 4, 2, 6, 5], [-1, 0, 1, 1, 0], seed);

    public int[] Sizes { get; }

    public Domain Domain { get; }

    public EncodedTable Sample(int rows, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var columns = Sizes.Select(_ => new int[rows]).ToArray();
        for (var r = 0; r < rows; r++)
        {
            for (var a = 0; a < Sizes.Length; a++)
            {
                var p = _conditional[a][_parent[a] < 0 ? 0 : columns[_parent[a]][r]];
                var u = random.NextDouble();
                var v = 0;
                var cumulative = p[0];
                while (u >= cumulative && v < p.Length - 1) cumulative += p[++v];
                columns[a][r] = v;
            }
        }
        return new EncodedTable(Domain, columns);
    }

    /// <summary>The exact probability of every cell of the full domain (row-major, attribute 0 slowest).</summary>
    public double[] Joint()
    {
        var cells = Sizes.Aggregate(1, (x, s) => x * s);
        var joint = new double[cells];
        var values = new int[Sizes.Length];
        for (var cell = 0; cell < cells; cell++)
        {
            var rest = cell;
            for (var a = Sizes.Length - 1; a >= 0; a--)
            {
                values[a] = rest % Sizes[a];
                rest /= Sizes[a];
            }
            var p = 1.0;
            for (var a = 0; a < Sizes.Length; a++) p *= _conditional[a][_parent[a] < 0 ? 0 : values[_parent[a]]][values[a]];
            joint[cell] = p;
        }
        return joint;
    }

    /// <summary>The exact marginal over <paramref name="attributes"/>, as probabilities.</summary>
    public double[] Marginal(AttributeSet attributes) => BruteForce.Marginal(Joint(), Sizes, attributes);
}
