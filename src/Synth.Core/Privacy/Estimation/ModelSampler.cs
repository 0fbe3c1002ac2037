using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Rows from a <see cref="GraphicalModel"/>, one attribute at a time in reverse elimination order:
/// each attribute's already-drawn neighbours form a clique with it, so its conditional given them
/// is read from one clique marginal. Rows are grouped by those neighbours' values and each group
/// gets the conditional's counts rounded to whole rows (leftover rows go to cells drawn in
/// proportion to the fractions), then shuffled within the group: Private-PGM's "round" method,
/// which keeps sampling noise far below that of drawing rows independently.
/// </summary>
public static class ModelSampler
{

    /// <summary>Columns of codes (one array per attribute) for <paramref name="rows"/> rows.</summary>
    public static int[][] Sample(GraphicalModel model, int rows, PrivateRandom random)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be >= 0");
        var tree = model.Tree;
        var sizes = tree.Sizes;
        var columns = new int[sizes.Count][];
        for (var a = 0; a < columns.Length; a++) columns[a] = new int[rows];
        if (rows == 0) return columns;

        var drawn = new bool[sizes.Count];
        var values = new int[rows];
        var grouped = new int[rows];
        var counts = new int[sizes.Max()];
        var order = tree.EliminationOrder;
        for (var step = order.Count - 1; step >= 0; step--)
        {
            var attribute = order[step];
            var parents = Parents(tree, attribute, drawn);
            var scope = parents.Union(new AttributeSet(attribute));
            var clique = tree.FindContaining(scope);
            var joint = clique >= 0 ? model.CliqueMarginal(clique).Sum(scope) : model.Project(scope);
            // Rows of the table: parent configurations; columns: the attribute's values.
            var table = joint.Transpose([.. parents.Indices, attribute]);
            var size = sizes[attribute];
            var column = columns[attribute];

            if (parents.Count == 0)
            {
                Fill(table, rows, random, counts.AsSpan(0, size), values.AsSpan(0, rows));
                values.AsSpan(0, rows).CopyTo(column);
            }
            else
            {
                var groups = table.Length / size;
                var start = GroupRows(columns, parents, sizes, rows, groups, grouped);
                for (var g = 0; g < groups; g++)
                {
                    var n = start[g + 1] - start[g];
                    if (n == 0) continue;
                    var drawnValues = values.AsSpan(0, n);
                    Fill(table.AsSpan(g * size, size), n, random, counts.AsSpan(0, size), drawnValues);
                    for (var i = 0; i < n; i++) column[grouped[start[g] + i]] = drawnValues[i];
                }
            }
            drawn[attribute] = true;
        }
        return columns;
    }

    // The attribute's neighbours (attributes sharing a clique with it) that are already drawn.
    private static AttributeSet Parents(JunctionTree tree, int attribute, bool[] drawn)
    {
        var parents = new SortedSet<int>();
        foreach (var clique in tree.Cliques)
        {
            if (!clique.Contains(attribute)) continue;
            foreach (var a in clique.Indices)
            {
                if (drawn[a]) parents.Add(a);
            }
        }
        return new AttributeSet(parents);
    }

    // Counting sort of the rows by their parents' configuration; returns each group's start in
    // `grouped` (groups + 1 entries). Stable, so rows keep their order within a group.
    private static int[] GroupRows(int[][] columns, AttributeSet parents, IReadOnlyList<int> sizes, int rows, int groups, int[] grouped)
    {
        var key = new int[rows];
        for (var p = 0; p < parents.Count; p++)
        {
            var column = columns[parents[p]];
            var size = sizes[parents[p]];
            for (var r = 0; r < rows; r++) key[r] = key[r] * size + column[r];
        }
        var start = new int[groups + 1];
        foreach (var k in key) start[k + 1]++;
        for (var g = 0; g < groups; g++) start[g + 1] += start[g];
        var next = start[..^1].ToArray();
        for (var r = 0; r < rows; r++) grouped[next[key[r]]++] = r;
        return start;
    }

    // `n` values whose counts follow `weights` rounded to whole rows, in random order.
    private static void Fill(ReadOnlySpan<double> weights, int n, PrivateRandom random, Span<int> counts, Span<int> values)
    {
        RoundedCounts(weights, n, random, counts);
        var at = 0;
        for (var v = 0; v < counts.Length; v++)
        {
            values.Slice(at, counts[v]).Fill(v);
            at += counts[v];
        }
        random.Shuffle(values);
    }

    /// <summary>
    /// Splits <paramref name="n"/> rows over cells in proportion to <paramref name="weights"/>:
    /// each cell gets the whole part of its share, and the rows left over go to distinct cells
    /// drawn with probability proportional to their fractional parts. Non-positive or non-finite
    /// weights count as zero; all zero means uniform.
    /// </summary>
    public static void RoundedCounts(ReadOnlySpan<double> weights, int n, PrivateRandom random, Span<int> counts)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (counts.Length != weights.Length) throw new ArgumentException("one count per weight is needed", nameof(counts));
        var total = 0.0;
        foreach (var w in weights)
        {
            if (w > 0 && double.IsFinite(w)) total += w;
        }
        Span<double> fraction = weights.Length <= 256 ? stackalloc double[weights.Length] : new double[weights.Length];
        var assigned = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            var share = total > 0 ? (w > 0 && double.IsFinite(w) ? w * n / total : 0) : (double)n / weights.Length;
            var whole = Math.Floor(share);
            counts[i] = (int)whole;
            fraction[i] = share - whole;
            assigned += counts[i];
        }
        var extra = n - assigned;
        for (var e = 0; e < extra; e++)
        {
            var mass = 0.0;
            foreach (var f in fraction) mass += f;
            int pick;
            if (mass > 0)
            {
                var target = random.NextDouble() * mass;
                pick = -1;
                var cumulative = 0.0;
                for (var i = 0; i < fraction.Length; i++)
                {
                    if (fraction[i] <= 0) continue;
                    cumulative += fraction[i];
                    pick = i;
                    if (target < cumulative) break;
                }
            }
            else
            {
                // Rounding left no fractions but rows remain (floating-point edge): any cell.
                pick = random.NextInt(fraction.Length);
            }
            counts[pick]++;
            fraction[pick] = 0;
        }
    }
}
