using System.Runtime.CompilerServices;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;

namespace Synth.Core.Generation.Relations;

/// <summary>
/// How many children each parent has: a pure function of (seed, child table, parent index), so
/// any shard can find the parent of any child row without the parent table. Children of parent p
/// are the rows <c>start(p) .. start(p) + count(p) - 1</c>; the running sums are kept only every
/// <see cref="Stride"/> parents (a few MB for billions of rows), and a lookup walks at most one
/// stride from there.
/// </summary>
internal sealed class ChildCounts
{
    /// <summary>Parents per kept running sum.</summary>
    public const int Stride = 1024;

    private readonly InverseCdf _cdf;
    private readonly double _min, _max;
    private readonly ulong _key;
    private readonly long[] _starts; // _starts[k] = first child row of parent k · Stride; one more entry at the end

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ChildCounts(FieldSpec perParent, ulong key, long parentRows, string path)
    {
        _cdf = InverseCdf.For(perParent);
        _min = perParent.Min ?? 0;
        _max = perParent.Max ?? 1_000_000;
        _key = key;
        if (parentRows > InputLimits.MaxParentRows)
        {
            throw new SchemaException([new SchemaError(path, $"the parent table has {parentRows:N0} rows; per_parent works with at most {InputLimits.MaxParentRows:N0} parents")]);
        }
        ParentRows = parentRows;
        var chunks = (parentRows + Stride - 1) / Stride;
        _starts = new long[chunks + 1];
        long total = 0;
        for (long k = 0; k < chunks; k++)
        {
            _starts[k] = total;
            var end = Math.Min(parentRows, (k + 1) * Stride);
            for (var p = k * Stride; p < end; p++) total += Count(p);
            // A child row index must stay far from overflow, and no output is that big anyway.
            if (total > MaxRows) throw new SchemaException([new SchemaError(path, $"the parents would have more than {MaxRows:N0} children; lower per_parent or the parent's rows")]);
        }
        _starts[chunks] = total;
        Total = total;
    }

    /// <summary>Most rows a child table may have.</summary>
    public const long MaxRows = 1_000_000_000_000_000;

    public long ParentRows { get; }

    /// <summary>Rows of the child table: the sum of every parent's count.</summary>
    public long Total { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Count(long parent)
    {
        var x = _cdf.Quantile(CounterRng.Unit(CounterRng.At(_key, parent)));
        return (int)Math.Round(Math.Clamp(x, _min, _max), MidpointRounding.AwayFromZero);
    }

    /// <summary>The parent of child row <paramref name="child"/> and that parent's first child row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Parent, long FirstChild) Locate(long child)
    {
        if ((ulong)child >= (ulong)Total) throw new ArgumentOutOfRangeException(nameof(child), child, $"the table has {Total} rows");
        // The last chunk whose first child is at or before the row.
        var index = Array.BinarySearch(_starts, 0, _starts.Length - 1, child);
        var k = index >= 0 ? index : ~index - 1;
        // Equal sums (chunks without children) make BinarySearch land on any of them: take the last.
        while (k + 1 < _starts.Length - 1 && _starts[k + 1] <= child) k++;
        var parent = (long)k * Stride;
        var first = _starts[k];
        while (true)
        {
            var n = Count(parent);
            if (child < first + n) return (parent, first);
            first += n;
            parent++;
        }
    }
}
