using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// How strongly each pair of attributes goes together, computed from the pair's 2-way counts:
/// Pearson's correlation of the codes when both attributes are ordered (numeric or datetime bins),
/// Cramér's V otherwise (mixed pairs included: an unordered attribute has no direction). Pearson
/// is signed (−1..1), V is not (0..1), so a difference between real and synthetic tables is in
/// the same units either way. A constant attribute associates with nothing: 0, never NaN.
/// </summary>
public static class AssociationMatrix
{
    /// <summary>The association of every pair (i &lt; j), in the order of <see cref="Pairs"/>.</summary>
    public static double[] Compute(EncodedTable table, IReadOnlyList<bool> ordered, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ordered);
        if (ordered.Count != table.Domain.Count) throw new ArgumentException($"{ordered.Count} ordered flags for {table.Domain.Count} attributes", nameof(ordered));
        var pairs = Pairs(table.Domain.Count);
        var values = new double[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, p =>
        {
            var (a, b) = pairs[p];
            var counts = MarginalCounter.Count(table, new AttributeSet(a, b));
            var (rows, columns) = (table.Domain.Sizes[a], table.Domain.Sizes[b]);
            values[p] = ordered[a] && ordered[b] ? Pearson(counts, rows, columns) : CramersV(counts, rows, columns);
        });
        return values;
    }

    /// <summary>Every pair of attribute indices (i &lt; j), i-major.</summary>
    public static IReadOnlyList<(int A, int B)> Pairs(int attributes) =>
        [.. Enumerable.Range(0, attributes).SelectMany(a => Enumerable.Range(a + 1, attributes - a - 1).Select(b => (a, b)))];

    /// <summary>Pearson's r of the row and column codes of a contingency table (row-major counts).</summary>
    public static double Pearson(ReadOnlySpan<double> counts, int rows, int columns)
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var x = 0; x < rows; x++)
        {
            for (var y = 0; y < columns; y++)
            {
                var c = counts[x * columns + y];
                if (c == 0) continue;
                n += c;
                sx += c * x;
                sy += c * y;
                sxx += c * x * x;
                syy += c * y * y;
                sxy += c * x * y;
            }
        }
        if (n == 0) return 0;
        var vx = sxx / n - sx / n * (sx / n);
        var vy = syy / n - sy / n * (sy / n);
        if (vx <= 1e-12 || vy <= 1e-12) return 0;
        return Math.Clamp((sxy / n - sx / n * (sy / n)) / Math.Sqrt(vx * vy), -1, 1);
    }

    /// <summary>
    /// Cramér's V = √(χ² / (n · (min(r, c) − 1))), r and c counting only the categories present
    /// (the bias-uncorrected form, as most libraries report it).
    /// </summary>
    public static double CramersV(ReadOnlySpan<double> counts, int rows, int columns)
    {
        Span<double> rowTotals = rows <= 512 ? stackalloc double[rows] : new double[rows];
        Span<double> columnTotals = columns <= 512 ? stackalloc double[columns] : new double[columns];
        rowTotals.Clear();
        columnTotals.Clear();
        double n = 0;
        for (var x = 0; x < rows; x++)
        {
            for (var y = 0; y < columns; y++)
            {
                var c = counts[x * columns + y];
                rowTotals[x] += c;
                columnTotals[y] += c;
                n += c;
            }
        }
        var presentRows = 0;
        foreach (var t in rowTotals) presentRows += t > 0 ? 1 : 0;
        var presentColumns = 0;
        foreach (var t in columnTotals) presentColumns += t > 0 ? 1 : 0;
        var k = Math.Min(presentRows, presentColumns) - 1;
        if (n == 0 || k < 1) return 0;
        double chi2 = 0;
        for (var x = 0; x < rows; x++)
        {
            if (rowTotals[x] == 0) continue;
            for (var y = 0; y < columns; y++)
            {
                if (columnTotals[y] == 0) continue;
                var expected = rowTotals[x] * columnTotals[y] / n;
                var d = counts[x * columns + y] - expected;
                chi2 += d * d / expected;
            }
        }
        return Math.Clamp(Math.Sqrt(chi2 / (n * k)), 0, 1);
    }
}
