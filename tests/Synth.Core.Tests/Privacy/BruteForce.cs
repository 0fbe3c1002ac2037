using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Tests.Privacy;

/// <summary>The obviously correct, slow versions the tests compare the real code against.</summary>
internal static class BruteForce
{
    /// <summary>Sums a full joint table (row-major, attribute 0 slowest) onto <paramref name="attributes"/>.</summary>
    public static double[] Marginal(double[] joint, int[] sizes, AttributeSet attributes)
    {
        var result = new double[attributes.Cells(sizes)];
        var values = new int[sizes.Length];
        for (var cell = 0; cell < joint.Length; cell++)
        {
            var rest = cell;
            for (var a = sizes.Length - 1; a >= 0; a--)
            {
                values[a] = rest % sizes[a];
                rest /= sizes[a];
            }
            var index = 0;
            foreach (var a in attributes.Indices) index = index * sizes[a] + values[a];
            result[index] += joint[cell];
        }
        return result;
    }

    /// <summary>Row-by-row counts of a table's marginal.</summary>
    public static double[] Counts(int[][] columns, int[] sizes, AttributeSet attributes)
    {
        var result = new double[attributes.Cells(sizes)];
        for (var r = 0; r < columns[0].Length; r++)
        {
            var index = 0;
            foreach (var a in attributes.Indices) index = index * sizes[a] + columns[a][r];
            result[index]++;
        }
        return result;
    }

    /// <summary>The full joint of a model given as log potentials on cliques, normalised to <paramref name="total"/>.</summary>
    public static double[] Joint(int[] sizes, IReadOnlyList<AttributeSet> cliques, IReadOnlyList<double[]> potentials, double total)
    {
        var cells = sizes.Aggregate(1, (x, s) => x * s);
        var joint = new double[cells];
        var values = new int[sizes.Length];
        for (var cell = 0; cell < cells; cell++)
        {
            var rest = cell;
            for (var a = sizes.Length - 1; a >= 0; a--)
            {
                values[a] = rest % sizes[a];
                rest /= sizes[a];
            }
            var log = 0.0;
            for (var k = 0; k < cliques.Count; k++)
            {
                var index = 0;
                foreach (var a in cliques[k].Indices) index = index * sizes[a] + values[a];
                log += potentials[k][index];
            }
            joint[cell] = log;
        }
        // Shift by the largest log before exponentiating, so extreme potentials stay finite.
        var max = joint.Max();
        for (var i = 0; i < cells; i++) joint[i] = Math.Exp(joint[i] - max);
        var sum = joint.Sum();
        for (var i = 0; i < cells; i++) joint[i] *= total / sum;
        return joint;
    }

    public static double TotalVariation(double[] p, double[] q)
    {
        double sp = p.Sum(), sq = q.Sum(), tv = 0;
        for (var i = 0; i < p.Length; i++) tv += Math.Abs(p[i] / sp - q[i] / sq);
        return tv / 2;
    }
}
