namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// Does the synthetic data copy its training rows? For a sample of synthetic rows, the distance
/// to the closest record (DCR: the number of attributes that differ, Hamming) among the training
/// rows and among as many holdout rows, which the fit never saw. A model that generalises is as
/// close to rows it never saw as to rows it learnt from: the share of synthetic rows strictly
/// closer to the training rows is then about half of the untied ones. Exact copies of training
/// rows are counted too, next to how often a real holdout row happens to equal a training row
/// (tables of few categorical columns have natural duplicates).
/// </summary>
internal static class PrivacyRisk
{
    /// <summary>Synthetic rows whose nearest records are searched.</summary>
    private const int MaxSyntheticRows = 2_000;

    /// <summary>Rows of the training set (and of the holdout) searched for the nearest record.</summary>
    private const int MaxReferenceRows = 10_000;

    public static PrivacyRiskReport Measure(EncodedTable train, EncodedTable? holdout, EncodedTable synthetic, ulong seed, int maxDegreeOfParallelism)
    {
        var width = train.Domain.Count;
        var probe = Pack(synthetic, SeededRows.Subset(synthetic.Rows, MaxSyntheticRows, seed + 2));
        var reference = Math.Min(MaxReferenceRows, holdout is null ? train.Rows : Math.Min(train.Rows, holdout.Rows));
        var trainRows = Pack(train, SeededRows.Subset(train.Rows, reference, seed + 3));
        var toTrain = Nearest(probe, trainRows, width, maxDegreeOfParallelism);

        var allTrain = new RowSet(Pack(train, null), width);
        var exact = CountIn(allTrain, probe, width);
        if (holdout is null)
        {
            return new PrivacyRiskReport(probe.Length / width, reference, Median(toTrain), null, null, null, null, exact, null, null);
        }

        var holdoutRows = Pack(holdout, SeededRows.Subset(holdout.Rows, reference, seed + 4));
        var toHoldout = Nearest(probe, holdoutRows, width, maxDegreeOfParallelism);
        int closerToTrain = 0, closerToHoldout = 0;
        for (var i = 0; i < toTrain.Length; i++)
        {
            if (toTrain[i] < toHoldout[i]) closerToTrain++;
            else if (toHoldout[i] < toTrain[i]) closerToHoldout++;
        }
        var n = (double)toTrain.Length;
        var baseline = CountIn(allTrain, Pack(holdout, SeededRows.Subset(holdout.Rows, MaxSyntheticRows, seed + 5)), width);
        return new PrivacyRiskReport(toTrain.Length, reference, Median(toTrain), Median(toHoldout),
            closerToTrain / n, closerToHoldout / n, (n - closerToTrain - closerToHoldout) / n, exact, baseline, reference / (double)train.Rows);
    }

    /// <summary>Rows laid end to end (row-major), so a distance reads one short contiguous run.</summary>
    private static int[] Pack(EncodedTable table, int[]? rows)
    {
        var width = table.Domain.Count;
        var count = rows?.Length ?? table.Rows;
        var packed = new int[count * width];
        for (var c = 0; c < width; c++)
        {
            var column = table.Columns[c];
            for (var i = 0; i < count; i++) packed[i * width + c] = column[rows is null ? i : rows[i]];
        }
        return packed;
    }

    private static int[] Nearest(int[] probe, int[] reference, int width, int maxDegreeOfParallelism)
    {
        var distances = new int[probe.Length / width];
        Parallel.For(0, distances.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var row = probe.AsSpan(i * width, width);
            var best = width;
            for (var start = 0; start < reference.Length && best > 0; start += width)
            {
                var other = reference.AsSpan(start, width);
                var d = 0;
                // Stop counting once this record cannot beat the best so far.
                for (var c = 0; c < width && d < best; c++) d += row[c] != other[c] ? 1 : 0;
                best = Math.Min(best, d);
            }
            distances[i] = best;
        });
        return distances;
    }

    private static double CountIn(RowSet set, int[] rows, int width)
    {
        var count = rows.Length / width;
        if (count == 0) return 0;
        var hits = 0;
        for (var i = 0; i < count; i++) hits += set.Contains(rows.AsSpan(i * width, width)) ? 1 : 0;
        return hits / (double)count;
    }

    private static double Median(int[] values)
    {
        if (values.Length == 0) return 0;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /// <summary>
    /// The rows of a packed table, looked up exactly: a hash picks the chain, rows are compared in
    /// full. Chains are threaded through one array (row → next row of the same hash), so a set of
    /// every training row costs two allocations, not a list per distinct hash.
    /// </summary>
    private sealed class RowSet
    {
        private readonly int[] _rows;
        private readonly int _width;
        private readonly Dictionary<int, int> _first = [];
        private readonly int[] _next;

        public RowSet(int[] rows, int width)
        {
            (_rows, _width) = (rows, width);
            _next = new int[rows.Length / width];
            for (var i = 0; i < _next.Length; i++)
            {
                var hash = Hash(Row(i));
                _next[i] = _first.TryGetValue(hash, out var previous) ? previous : -1;
                _first[hash] = i;
            }
        }

        public bool Contains(ReadOnlySpan<int> row)
        {
            if (!_first.TryGetValue(Hash(row), out var i)) return false;
            for (; i >= 0; i = _next[i])
            {
                if (Row(i).SequenceEqual(row)) return true;
            }
            return false;
        }

        private ReadOnlySpan<int> Row(int index) => _rows.AsSpan(index * _width, _width);

        private static int Hash(ReadOnlySpan<int> row)
        {
            var hash = new HashCode();
            foreach (var code in row) hash.Add(code);
            return hash.ToHashCode();
        }
    }
}
