using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// Gaussian copula over numeric fields: independent normals e (one stream per field) become
/// z = L·e with L the Cholesky factor of the correlation matrix, and u = Φ(z) feeds each field's
/// own quantile function, so marginals stay as declared while ranks correlate as asked.
/// </summary>
internal sealed class CopulaGroup
{
    private readonly double[,] _cholesky;
    private readonly ulong[] _keys;

    public CopulaGroup(CorrelationSpec spec, IReadOnlyList<NumericGenerator> members, ulong seed)
    {
        _cholesky = Cholesky.TryDecompose(spec.Matrix) ?? throw new ArgumentException("not positive definite", nameof(spec));
        Members = members;
        _keys = members.Select(m => CounterRng.Key(seed, m.Spec.Name + "\0copula")).ToArray();
        foreach (var m in members) m.Correlated = true;
    }

    public IReadOnlyList<NumericGenerator> Members { get; }

    /// <summary>Writes each member's u for rows of the batch into its scratch buffer.</summary>
    public void Fill(long firstRow, int count, double[][] uByMember)
    {
        var n = _keys.Length;
        Span<double> e = stackalloc double[n];
        for (var i = 0; i < count; i++)
        {
            var row = firstRow + i;
            for (var k = 0; k < n; k++) e[k] = StandardNormal.Quantile(CounterRng.Unit(CounterRng.At(_keys[k], row)));
            for (var k = 0; k < n; k++)
            {
                double z = 0;
                for (var j = 0; j <= k; j++) z += _cholesky[k, j] * e[j];
                // Keep u strictly inside (0, 1) so every quantile function stays finite.
                uByMember[k][i] = Math.Clamp(StandardNormal.Cdf(z), 1e-16, 1 - 1e-16);
            }
        }
    }
}
