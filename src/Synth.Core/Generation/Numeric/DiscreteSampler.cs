using System.Runtime.CompilerServices;
using System.Numerics;

namespace Synth.Core.Generation.Numeric;

/// <summary>
/// Inverse-CDF sampling of a finite distribution over 0..n-1 in expected O(1) with a guide
/// table (Chen &amp; Asau): the table says where to start the search for each slice of (0, 1).
/// Being an inverse CDF, it is monotone in u, which the copula relies on. The table has a power of
/// two slots, at least eight per value: u (an odd multiple of 2^-54, see CounterRng.Unit) never
/// falls on a slot boundary, so the slot is exact, and most slots hold no step of the CDF, so the
/// search almost never moves (a walk of varying length mispredicts, and that was most of the cost).
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
        _guide = new int[Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)n * 8), 64, MaxSlots)];
        var k = 0;
        for (var g = 0; g < _guide.Length; g++)
        {
            var threshold = (double)g / _guide.Length;
            while (k < n - 1 && _cdf[k] <= threshold) k++;
            _guide[g] = k;
        }
    }

    // 2^16 slots (256 KB) at most: a distribution over more than 8,192 values (a long Zipf) walks a little more instead.
    private const int MaxSlots = 1 << 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Sample(double u)
    {
        var k = _guide[(int)(u * _guide.Length)];
        while (_cdf[k] < u) k++;
        return k;
    }
}
