namespace Synth.Core.Generation.Numeric;

/// <summary>Lower-triangular Cholesky factor of a symmetric positive-definite matrix.</summary>
public static class Cholesky
{
    /// <summary>Returns L with A = L·Lᵀ, or null when A is not positive definite.</summary>
    public static double[,]? TryDecompose(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (sum <= 1e-12) return null;
                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }
        return l;
    }
}
