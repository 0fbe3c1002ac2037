namespace Synth.Core.Generation.Numeric;

/// <summary>
/// Inverse-CDF sampling of a finite distribution over 0..n-1 in expected O(1) with a guide
/// table (Chen &amp; Asau): the table says where to start the search for each slice of (0, 1).
/// Being an inverse CDF, it is monotone in u, which the copula relies on.
/// </summary>
public sealed class DiscreteSampler
{
    private readonly double[] _cdf;
    private readonly int[] _guide;

    public DiscreteSampler(IReadOnlyList<double> weights)
    {
        var n = weights.Count;
        _cdf = new double[n];
        double total = 0;
        for (var i = 0; i < n; i++) total += weights[i];
        double acc = 0;
        for (var i = 0; i < n; i++)
        {
            acc += weights[i] / total;
            _cdf[i] = acc;
        }
        _cdf[n - 1] = 1.0;
        _guide = new int[n + 1];
        var k = 0;
        for (var g = 0; g <= n; g++)
        {
            var threshold = (double)g / (n + 1);
            while (k < n - 1 && _cdf[k] <= threshold) k++;
            _guide[g] = k;
        }
    }

    public int Sample(double u)
    {
        var k = _guide[(int)(u * _guide.Length)];
        while (_cdf[k] < u) k++;
        return k;
    }
}
