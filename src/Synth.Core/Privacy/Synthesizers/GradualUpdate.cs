using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// PrivSyn's gradual update method (GUM): start from rows whose attributes are drawn independently
/// from their 1-way marginals, then, pass after pass, nudge the rows towards each marginal in turn.
/// For a marginal, every cell holding more rows than its target gives up a share α of its excess; the
/// rows given up go to the cells holding too few, in proportion to what they lack, either by taking
/// the cell's values (replace) or by becoming a copy of a row already there (duplicate, which keeps
/// that row's other attributes, so dependencies the marginal does not see survive). α shrinks every
/// pass so the rows settle. Single-threaded, every draw from one seeded stream: the same model, rows
/// and seed give the same table.
/// </summary>
internal static class GradualUpdate
{
    // The share of moved rows that become copies of a row of their new cell (the rest take its values).
    private const double DuplicateShare = 0.5;

    // α of pass t is max(MinStep, Decay^t): all of a cell's excess moves at first, a few percent at the end.
    private const double Decay = 0.9;
    private const double MinStep = 0.02;

    public static int[][] Synthesize(Domain domain, IReadOnlyList<AttributeSet> sets, IReadOnlyList<double[]> tables, int rows, int iterations, PrivateRandom random)
    {
        var d = domain.Count;
        var columns = new int[d][];
        for (var a = 0; a < d; a++)
        {
            var single = Enumerable.Range(0, sets.Count).First(k => sets[k].Count == 1 && sets[k][0] == a);
            var counts = Apportion(tables[single], rows, random);
            var column = new int[rows];
            var at = 0;
            for (var v = 0; v < counts.Length; v++)
            {
                for (var c = 0; c < counts[v]; c++) column[at++] = v;
            }
            random.Shuffle(column);
            columns[a] = column;
        }
        if (rows == 0) return columns;

        var order = Enumerable.Range(0, sets.Count).ToArray();
        var cellOf = new int[rows];
        var members = new int[rows];
        for (var t = 0; t < iterations; t++)
        {
            var alpha = Math.Max(MinStep, Math.Pow(Decay, t));
            random.Shuffle(order);
            foreach (var k in order) Update(domain, columns, sets[k], tables[k], alpha, random, cellOf, members);
        }
        return columns;
    }

    private static void Update(Domain domain, int[][] columns, AttributeSet set, double[] table, double alpha, PrivateRandom random, int[] cellOf, int[] members)
    {
        var rows = cellOf.Length;
        var first = columns[set[0]];
        var second = set.Count == 2 ? columns[set[1]] : null;
        var inner = set.Count == 2 ? domain.Sizes[set[1]] : 1;
        var cells = table.Length;

        // Rows grouped by cell (counting sort).
        var count = new int[cells];
        for (var r = 0; r < rows; r++)
        {
            var cell = first[r] * inner + (second?[r] ?? 0);
            cellOf[r] = cell;
            count[cell]++;
        }
        var start = new int[cells + 1];
        for (var c = 0; c < cells; c++) start[c + 1] = start[c] + count[c];
        var next = start[..cells];
        for (var r = 0; r < rows; r++) members[next[cellOf[r]]++] = r;

        var sum = 0.0;
        foreach (var x in table) sum += x;
        if (!(sum > 0)) return;
        var scale = rows / sum;

        // Rows leaving the cells that hold too many: a random α share of each excess.
        var moved = new List<int>();
        var lacking = new double[cells];
        var lackSum = 0.0;
        for (var c = 0; c < cells; c++)
        {
            var excess = count[c] - table[c] * scale;
            if (excess <= 0)
            {
                lacking[c] = -excess;
                lackSum -= excess;
                continue;
            }
            var leave = Math.Min(count[c], StochasticRound(alpha * excess, random));
            // A partial Fisher-Yates shuffle of the cell's rows picks them.
            for (var i = 0; i < leave; i++)
            {
                var j = start[c] + i + random.NextInt(count[c] - i);
                (members[start[c] + i], members[j]) = (members[j], members[start[c] + i]);
                moved.Add(members[start[c] + i]);
            }
        }
        if (moved.Count == 0 || !(lackSum > 0)) return;

        // Where they go: the cells lacking rows, in proportion to what each lacks.
        var arrivals = Apportion(lacking, moved.Count, random);
        var movedRows = moved.ToArray();
        random.Shuffle(movedRows);
        var m = 0;
        for (var c = 0; c < cells; c++)
        {
            for (var i = 0; i < arrivals[c]; i++)
            {
                var row = movedRows[m++];
                if (count[c] > 0 && random.NextDouble() < DuplicateShare)
                {
                    // The cell's own rows never leave it (it lacks rows), so its member list is intact.
                    var model = members[start[c] + random.NextInt(count[c])];
                    foreach (var column in columns) column[row] = column[model];
                }
                else
                {
                    first[row] = c / inner;
                    if (second is not null) second[row] = c % inner;
                }
            }
        }
    }

    /// <summary>Whole numbers adding up to <paramref name="total"/> in proportion to <paramref name="weights"/>: floors first, the rest by largest remainder (ties at random).</summary>
    internal static int[] Apportion(double[] weights, int total, PrivateRandom random)
    {
        var result = new int[weights.Length];
        var sum = 0.0;
        foreach (var w in weights) sum += Math.Max(0, w);
        if (total == 0 || weights.Length == 0) return result;
        if (!(sum > 0))
        {
            // Nothing to go by: spread evenly.
            for (var i = 0; i < total; i++) result[i % weights.Length]++;
            return result;
        }
        var remainders = new (double Fraction, double Tie, int Index)[weights.Length];
        var given = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var share = Math.Max(0, weights[i]) / sum * total;
            result[i] = (int)Math.Floor(share);
            given += result[i];
            remainders[i] = (share - result[i], random.NextDouble(), i);
        }
        Array.Sort(remainders, (x, y) => y.Fraction != x.Fraction ? y.Fraction.CompareTo(x.Fraction) : x.Tie.CompareTo(y.Tie));
        for (var i = 0; given < total; i = (i + 1) % weights.Length, given++) result[remainders[i].Index]++;
        return result;
    }

    private static int StochasticRound(double value, PrivateRandom random)
    {
        var floor = Math.Floor(value);
        return (int)floor + (random.NextDouble() < value - floor ? 1 : 0);
    }
}
