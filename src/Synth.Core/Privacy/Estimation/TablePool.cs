namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// Clique tables reused from one estimate to the next within a fit. AIM re-estimates after every
/// round, usually on a tree of the same shape; without reuse each round would leave several
/// model-sized arrays on the large-object heap, which the GC reclaims late (the reason a fit's
/// memory would grow to many times its model). Not shared between fits: it dies with the fit.
/// </summary>
internal sealed class TablePool
{
    // Keeps at most this much; beyond it returned tables are left to the GC.
    private const long MaxBytes = 512L << 20;

    private readonly Dictionary<int, Stack<double[]>> _free = [];
    private readonly object _gate = new();
    private long _bytes;

    /// <summary>A table of exactly <paramref name="length"/> cells, with arbitrary contents.</summary>
    public double[] Rent(int length)
    {
        lock (_gate)
        {
            if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                _bytes -= (long)length * sizeof(double);
                return stack.Pop();
            }
        }
        return new double[length];
    }

    public double[] RentZeroed(int length)
    {
        var table = Rent(length);
        table.AsSpan().Clear();
        return table;
    }

    public void Return(double[]? table)
    {
        if (table is null || table.Length == 0) return;
        lock (_gate)
        {
            var bytes = (long)table.Length * sizeof(double);
            if (_bytes + bytes > MaxBytes) return;
            if (!_free.TryGetValue(table.Length, out var stack)) _free[table.Length] = stack = new Stack<double[]>();
            // The same table returned twice would later be handed out twice.
            if (stack.Contains(table)) return;
            stack.Push(table);
            _bytes += bytes;
        }
    }

    /// <summary>
    /// Drops every kept table whose length is not in <paramref name="lengths"/> (the tables of the
    /// tree just estimated): when the tree changes shape, old sizes will not be asked for again.
    /// </summary>
    public void Trim(IReadOnlySet<int> lengths)
    {
        lock (_gate)
        {
            foreach (var length in _free.Keys.ToList())
            {
                if (lengths.Contains(length)) continue;
                _bytes -= (long)length * sizeof(double) * _free[length].Count;
                _free.Remove(length);
            }
        }
    }

    /// <summary>Takes back a model's tables once nothing reads it any more.</summary>
    public void Return(GraphicalModel model)
    {
        foreach (var table in model.CliqueMarginals) Return(table);
        if (model.Potentials is { } potentials)
        {
            foreach (var table in potentials) Return(table);
        }
    }
}
