using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// The index arithmetic between a table over a set of attributes and a table over a subset of
/// them (both row-major in ascending attribute order): which cell of the small table each cell of
/// the large one falls in. Compiled once per pair and reused, because belief propagation and the
/// loss evaluate the same projections thousands of times.
/// </summary>
/// <remarks>
/// Adjacent axes that are both kept (or both summed out) are merged, which leaves alternating
/// runs. The last run is walked as a contiguous row of the large table: kept, it lines up with a
/// contiguous row of the small table (vector operations); summed out, it reduces to one small cell.
/// The remaining runs are walked with an odometer, so nothing is allocated per call.
///
/// A short kept run followed by a summed one (a clique summed onto its separator when the last
/// attribute, often a binary one, is kept and a large one before it is not) would give rows of two
/// or three cells. Those two runs are walked as one *periodic* row instead: position p of the row
/// falls in small cell (p mod period). Summing it accumulates whole vectors of consecutive cells and
/// folds the lanes at the end, which avoids the chain of dependent read-modify-writes on the same
/// few small cells that a cell-by-cell scatter would be (the reason these maps used to be the
/// slowest part of an AIM fit at high ε).
/// </remarks>
internal sealed class SubsetMap
{
    // Rows this short are cheaper in a plain loop than through a vectorised call.
    private const int ShortRow = 8;



    // Maps whose rows are this short and tables up to IndexedCells keep, per large cell, the index of
    // its small cell: a flat gather/scatter beats walking thousands of two-cell rows.
    private const int IndexedCells = 1 << 20;

    private readonly int[] _outerLengths;
    private readonly int[] _outerStrides;
    private readonly int[]? _index;

    // The period of a periodic row (see remarks), 0 for plain rows.
    private readonly int _period;

    /// <param name="indexed">
    /// Keep a per-cell index for short-row maps (see <see cref="IndexedCells"/>): worth its memory
    /// only for maps used many times, like the estimator's.
    /// </param>
    public SubsetMap(ReadOnlySpan<int> largeAttributes, ReadOnlySpan<int> largeShape, ReadOnlySpan<int> smallAttributes, bool indexed = false)
    {
        if (largeAttributes.Length != largeShape.Length) throw new ArgumentException("one length per attribute is needed");
        // Stride of each kept attribute in the small table.
        var smallStride = new int[largeAttributes.Length];
        var largeCells = 1;
        var smallCells = 1;
        var found = 0;
        for (var i = largeAttributes.Length - 1; i >= 0; i--)
        {
            largeCells = checked(largeCells * largeShape[i]);
            if (smallAttributes.IndexOf(largeAttributes[i]) >= 0)
            {
                smallStride[i] = smallCells;
                smallCells = checked(smallCells * largeShape[i]);
                found++;
            }
            else
            {
                smallStride[i] = 0;
            }
        }
        if (found != smallAttributes.Length) throw new ArgumentException("the small table's attributes must all be in the large table");
        LargeCells = largeCells;
        SmallCells = smallCells;

        // Runs from the last axis backwards: (length, stride of the run's last axis, kept).
        var lengths = new List<int>();
        var strides = new List<int>();
        var kept = new List<bool>();
        for (var i = largeAttributes.Length - 1; i >= 0; i--)
        {
            if (largeShape[i] == 1) continue;
            var isKept = smallStride[i] != 0;
            if (kept.Count > 0 && kept[^1] == isKept)
            {
                lengths[^1] *= largeShape[i];
            }
            else
            {
                lengths.Add(largeShape[i]);
                strides.Add(smallStride[i]);
                kept.Add(isKept);
            }
        }
        if (lengths.Count == 0)
        {
            RowLength = 1;
            RowKept = true;
            _outerLengths = [];
            _outerStrides = [];
            return;
        }
        RowLength = lengths[0];
        RowKept = kept[0];
        var inner = 1;
        if (kept[0] && lengths[0] < ShortRow && lengths.Count > 1)
        {
            // A short kept run, then a summed one (runs alternate): one periodic row.
            _period = lengths[0];
            RowLength = checked(lengths[0] * lengths[1]);
            inner = 2;
        }
        // Outer runs, outermost first, as the odometer wants them.
        var outer = lengths.Count - inner;
        _outerLengths = new int[outer];
        _outerStrides = new int[outer];
        for (var k = 0; k < outer; k++)
        {
            _outerLengths[outer - 1 - k] = lengths[k + inner];
            _outerStrides[outer - 1 - k] = strides[k + inner];
        }
        if (indexed && _period == 0 && RowLength < ShortRow && LargeCells <= IndexedCells && !IsIdentity)
        {
            _index = new int[LargeCells];
            var op = new IndexOp(_index);
            Walk(ref op, 0, LargeCells);
        }
    }

    public int LargeCells { get; }

    public int SmallCells { get; }

    /// <summary>Length of the contiguous rows the large table is walked in.</summary>
    public int RowLength { get; }

    /// <summary>Whether a row maps onto a contiguous row of the small table (else onto one cell).</summary>
    public bool RowKept { get; }

    /// <summary>
    /// For a periodic row (a short kept run and the summed run around it, see the remarks), the
    /// number of small cells it cycles through; 0 otherwise.
    /// </summary>
    public int Period => _period;

    /// <summary>Whether the map keeps a per-cell index (short-row maps built with <c>indexed</c>).</summary>
    public bool IsIndexed => _index is not null;

    public bool IsIdentity => LargeCells == SmallCells;

    /// <summary>small = Σ of the large cells in each small cell.</summary>
    public void Sum(ReadOnlySpan<double> large, Span<double> small)
    {
        Check(large, small);
        if (IsIdentity)
        {
            large.CopyTo(small);
            return;
        }
        small.Clear();
        SumRange(large, small, 0, LargeCells);
    }

    /// <summary>small += Σ of the large cells in [start, end) in each small cell (a slice of a <see cref="Sum(ReadOnlySpan{double}, Span{double})"/>).</summary>
    public void SumRange(ReadOnlySpan<double> large, Span<double> small, int start, int end)
    {
        if (_index is { } index)
        {
            ref var s = ref MemoryMarshal.GetReference(small);
            var cells = large[start..end];
            var at = index.AsSpan(start, end - start);
            for (var i = 0; i < cells.Length; i++) Unsafe.Add(ref s, at[i]) += cells[i];
            return;
        }
        var op = new SumOp(large, small);
        Walk(ref op, start, end);
    }

    /// <summary>small = max of the large cells in each small cell.</summary>
    public void Max(ReadOnlySpan<double> large, Span<double> small)
    {
        Check(large, small);
        small.Fill(double.NegativeInfinity);
        var op = new MaxOp(large, small);
        Walk(ref op, 0, LargeCells);
    }

    /// <summary>small[j] = Σ exp(large[i] − shift[j]) over the large cells i in small cell j.</summary>
    public void SumExp(ReadOnlySpan<double> large, Span<double> small, ReadOnlySpan<double> shift)
    {
        Check(large, small);
        if (shift.Length != SmallCells) throw new ArgumentException("one shift per small cell is needed", nameof(shift));
        small.Clear();
        var op = new SumExpOp(large, small, shift);
        Walk(ref op, 0, LargeCells);
    }

    /// <summary>large[i] += scale · small[j(i)]: broadcasts the small table over the large one.</summary>
    public void AddTo(Span<double> large, ReadOnlySpan<double> small, double scale = 1.0)
    {
        Check(large, small);
        AddToRange(large, small, scale, 0, LargeCells);
    }

    /// <summary><see cref="AddTo(Span{double}, ReadOnlySpan{double}, double)"/> on the large cells [start, end) only.</summary>
    public void AddToRange(Span<double> large, ReadOnlySpan<double> small, double scale, int start, int end)
    {
        if (_index is { } index)
        {
            ref var s = ref MemoryMarshal.GetReference(small);
            var cells = large[start..end];
            var at = index.AsSpan(start, end - start);
            for (var i = 0; i < cells.Length; i++) cells[i] += scale * Unsafe.Add(ref s, at[i]);
            return;
        }
        var op = new AddOp(large, small, scale);
        Walk(ref op, start, end);
    }

    /// <summary>large[i] = small[j(i)]: the small table expanded to the large one's axes.</summary>
    public void Expand(ReadOnlySpan<double> small, Span<double> large)
    {
        Check(large, small);
        var op = new ExpandOp(large, small);
        Walk(ref op, 0, LargeCells);
    }

    /// <summary>large[i] *= small[j(i)].</summary>
    public void MultiplyInto(Span<double> large, ReadOnlySpan<double> small)
    {
        Check(large, small);
        MultiplyRange(large, small, 0, LargeCells);
    }

    /// <summary><see cref="MultiplyInto(Span{double}, ReadOnlySpan{double})"/> on the large cells [start, end) only.</summary>
    public void MultiplyRange(Span<double> large, ReadOnlySpan<double> small, int start, int end)
    {
        if (_index is { } index)
        {
            ref var s = ref MemoryMarshal.GetReference(small);
            var cells = large[start..end];
            var at = index.AsSpan(start, end - start);
            for (var i = 0; i < cells.Length; i++) cells[i] *= Unsafe.Add(ref s, at[i]);
            return;
        }
        var op = new MultiplyOp(large, small);
        Walk(ref op, start, end);
    }

    /// <summary>
    /// <see cref="Sum(ReadOnlySpan{double}, Span{double})"/> over the first <see cref="LargeCells"/>
    /// of <paramref name="large"/>, in parallel for large tables. Large tables are summed in
    /// <see cref="TablePlan"/> blocks whose partial sums are added in block order, a split that
    /// depends only on the table's size, so the result does not depend on the thread count.
    /// </summary>
    public void Sum(double[] large, double[] small, TensorWorkers workers)
    {
        var plan = TablePlan.For(LargeCells);
        if (plan.Groups == 1 || IsIdentity)
        {
            Sum(large.AsSpan(0, LargeCells), small.AsSpan(0, SmallCells));
            return;
        }
        var partial = ArrayPool<double>.Shared.Rent(plan.Groups * SmallCells);
        try
        {
            workers.ForEach(plan.Groups, g =>
            {
                var target = partial.AsSpan(g * SmallCells, SmallCells);
                target.Clear();
                var (start, end) = plan.Range(g);
                SumRange(large.AsSpan(0, LargeCells), target, start, end);
            });
            var result = small.AsSpan(0, SmallCells);
            partial.AsSpan(0, SmallCells).CopyTo(result);
            for (var g = 1; g < plan.Groups; g++) TensorPrimitives.Add(result, partial.AsSpan(g * SmallCells, SmallCells), result);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(partial);
        }
    }

    /// <summary><see cref="AddTo(Span{double}, ReadOnlySpan{double}, double)"/>, in parallel for large tables (each cell is written once, so any split gives the same result).</summary>
    public void AddTo(double[] large, double[] small, double scale, TensorWorkers workers)
    {
        var plan = TablePlan.For(LargeCells);
        if (plan.Groups == 1)
        {
            AddTo(large.AsSpan(0, LargeCells), small.AsSpan(0, SmallCells), scale);
            return;
        }
        workers.ForEach(plan.Groups, g =>
        {
            var (start, end) = plan.Range(g);
            AddToRange(large.AsSpan(0, LargeCells), small.AsSpan(0, SmallCells), scale, start, end);
        });
    }

    private void Check(ReadOnlySpan<double> large, ReadOnlySpan<double> small)
    {
        if (large.Length != LargeCells) throw new ArgumentException($"the large table has {large.Length} cells, not {LargeCells}");
        if (small.Length != SmallCells) throw new ArgumentException($"the small table has {small.Length} cells, not {SmallCells}");
    }

    // Walks the large cells [start, end) row by row (the first and last rows possibly partial):
    // kept rows meet a contiguous stretch of the small table, summed-out rows a single cell.
    private void Walk<T>(ref T op, int start, int end) where T : IRowOp, allows ref struct
    {
        if (start >= end) return;
        var rowLength = RowLength;
        var row = start / rowLength;
        var outer = _outerLengths.Length;
        Span<int> counter = stackalloc int[outer];
        var small = 0;
        var rest = row;
        for (var d = outer - 1; d >= 0; d--)
        {
            counter[d] = rest % _outerLengths[d];
            rest /= _outerLengths[d];
            small += counter[d] * _outerStrides[d];
        }
        var lengths = _outerLengths;
        var strides = _outerStrides;
        var kept = RowKept;
        var period = _period;
        for (var large = row * rowLength; large < end; large += rowLength)
        {
            var from = Math.Max(large, start);
            var length = Math.Min(large + rowLength, end) - from;
            if (period > 0) op.Periodic(from, small, length, period, (from - large) % period);
            else if (kept) op.Row(from, small + (from - large), length);
            else op.Cell(from, small, length);
            for (var d = outer - 1; d >= 0; d--)
            {
                small += strides[d];
                if (++counter[d] < lengths[d]) break;
                small -= strides[d] * lengths[d];
                counter[d] = 0;
            }
        }
    }

    private interface IRowOp
    {
        /// <summary><paramref name="length"/> large cells from <paramref name="large"/>, lined up with small cells from <paramref name="small"/>.</summary>
        void Row(int large, int small, int length);

        /// <summary><paramref name="length"/> large cells from <paramref name="large"/>, all in small cell <paramref name="small"/>.</summary>
        void Cell(int large, int small, int length);

        /// <summary>
        /// <paramref name="length"/> large cells from <paramref name="large"/>; the k-th falls in small
        /// cell <paramref name="small"/> + (<paramref name="phase"/> + k) mod <paramref name="period"/>.
        /// </summary>
        void Periodic(int large, int small, int length, int period, int phase);
    }

    private readonly ref struct SumOp(ReadOnlySpan<double> large, Span<double> small) : IRowOp
    {
        private readonly ReadOnlySpan<double> _large = large;
        private readonly Span<double> _small = small;

        public void Row(int l, int s, int length)
        {
            if (length < ShortRow)
            {
                for (var k = 0; k < length; k++) _small[s + k] += _large[l + k];
            }
            else
            {
                var target = _small.Slice(s, length);
                TensorPrimitives.Add(target, _large.Slice(l, length), target);
            }
        }

        public void Cell(int l, int s, int length)
        {
            if (length < ShortRow)
            {
                var sum = 0.0;
                for (var k = 0; k < length; k++) sum += _large[l + k];
                _small[s] += sum;
            }
            else
            {
                _small[s] += TensorPrimitives.Sum(_large.Slice(l, length));
            }
        }

        public void Periodic(int l, int s, int length, int period, int phase) =>
            PeriodicSum(_large.Slice(l, length), _small.Slice(s, period), phase);
    }

    // Records each large cell's small index (built once, for short-row maps).
    private readonly ref struct IndexOp(Span<int> index) : IRowOp
    {
        private readonly Span<int> _index = index;

        public void Row(int l, int s, int length)
        {
            for (var k = 0; k < length; k++) _index[l + k] = s + k;
        }

        public void Cell(int l, int s, int length) => _index.Slice(l, length).Fill(s);

        public void Periodic(int l, int s, int length, int period, int phase)
        {
            for (var k = 0; k < length; k++)
            {
                _index[l + k] = s + phase;
                if (++phase == period) phase = 0;
            }
        }
    }

    private readonly ref struct MaxOp(ReadOnlySpan<double> large, Span<double> small) : IRowOp
    {
        private readonly ReadOnlySpan<double> _large = large;
        private readonly Span<double> _small = small;

        public void Row(int l, int s, int length)
        {
            for (var k = 0; k < length; k++) _small[s + k] = Math.Max(_small[s + k], _large[l + k]);
        }

        public void Cell(int l, int s, int length) => _small[s] = Math.Max(_small[s], TensorPrimitives.Max(_large.Slice(l, length)));

        public void Periodic(int l, int s, int length, int period, int phase)
        {
            for (var k = 0; k < length; k++)
            {
                _small[s + phase] = Math.Max(_small[s + phase], _large[l + k]);
                if (++phase == period) phase = 0;
            }
        }
    }

    private readonly ref struct SumExpOp(ReadOnlySpan<double> large, Span<double> small, ReadOnlySpan<double> shift) : IRowOp
    {
        private readonly ReadOnlySpan<double> _large = large;
        private readonly Span<double> _small = small;
        private readonly ReadOnlySpan<double> _shift = shift;

        public void Row(int l, int s, int length)
        {
            for (var k = 0; k < length; k++) _small[s + k] += Math.Exp(_large[l + k] - _shift[s + k]);
        }

        public void Cell(int l, int s, int length)
        {
            var m = _shift[s];
            var sum = 0.0;
            foreach (var v in _large.Slice(l, length)) sum += Math.Exp(v - m);
            _small[s] += sum;
        }

        public void Periodic(int l, int s, int length, int period, int phase)
        {
            for (var k = 0; k < length; k++)
            {
                _small[s + phase] += Math.Exp(_large[l + k] - _shift[s + phase]);
                if (++phase == period) phase = 0;
            }
        }
    }

    private readonly ref struct AddOp(Span<double> large, ReadOnlySpan<double> small, double scale) : IRowOp
    {
        private readonly Span<double> _large = large;
        private readonly ReadOnlySpan<double> _small = small;

        public void Row(int l, int s, int length)
        {
            if (length < ShortRow)
            {
                for (var k = 0; k < length; k++) _large[l + k] += scale * _small[s + k];
            }
            else
            {
                var target = _large.Slice(l, length);
                TensorPrimitives.MultiplyAdd(_small.Slice(s, length), scale, target, target);
            }
        }

        public void Cell(int l, int s, int length)
        {
            var v = scale * _small[s];
            if (length < ShortRow)
            {
                for (var k = 0; k < length; k++) _large[l + k] += v;
            }
            else
            {
                var target = _large.Slice(l, length);
                TensorPrimitives.Add(target, v, target);
            }
        }

        public void Periodic(int l, int s, int length, int period, int phase) =>
            PeriodicApply<AddCells>(_large.Slice(l, length), _small.Slice(s, period), phase, scale);
    }

    private readonly ref struct ExpandOp(Span<double> large, ReadOnlySpan<double> small) : IRowOp
    {
        private readonly Span<double> _large = large;
        private readonly ReadOnlySpan<double> _small = small;

        public void Row(int l, int s, int length) => _small.Slice(s, length).CopyTo(_large.Slice(l, length));

        public void Cell(int l, int s, int length) => _large.Slice(l, length).Fill(_small[s]);

        public void Periodic(int l, int s, int length, int period, int phase)
        {
            for (var k = 0; k < length; k++)
            {
                _large[l + k] = _small[s + phase];
                if (++phase == period) phase = 0;
            }
        }
    }

    private readonly ref struct MultiplyOp(Span<double> large, ReadOnlySpan<double> small) : IRowOp
    {
        private readonly Span<double> _large = large;
        private readonly ReadOnlySpan<double> _small = small;

        public void Row(int l, int s, int length)
        {
            var target = _large.Slice(l, length);
            TensorPrimitives.Multiply(target, _small.Slice(s, length), target);
        }

        public void Cell(int l, int s, int length)
        {
            var target = _large.Slice(l, length);
            TensorPrimitives.Multiply(target, _small[s], target);
        }

        public void Periodic(int l, int s, int length, int period, int phase) =>
            PeriodicApply<MultiplyCells>(_large.Slice(l, length), _small.Slice(s, period), phase, 1.0);
    }

    // small[(phase + k) mod period] += cells[k] for every k. Periods that divide four are summed a
    // vector (four cells, lane j always in the same small cell) at a time into two accumulators,
    // folded once at the end; other periods into one running sum per small cell. Vector256 on
    // purpose: the same lanes, hence the same sums, on every x64 machine.
    private static void PeriodicSum(ReadOnlySpan<double> cells, Span<double> small, int phase)
    {
        var period = small.Length;
        var n = cells.Length;
        var k = 0;
        // Up to the start of the next period, cell by cell.
        for (; phase != 0 && k < n; k++)
        {
            small[phase] += cells[k];
            if (++phase == period) phase = 0;
        }
        if (period is 1 or 2 or 4)
        {
            var a = Vector256<double>.Zero;
            var b = Vector256<double>.Zero;
            ref var start = ref MemoryMarshal.GetReference(cells);
            for (; k + 8 <= n; k += 8)
            {
                a += Vector256.LoadUnsafe(ref start, (nuint)k);
                b += Vector256.LoadUnsafe(ref start, (nuint)k + 4);
            }
            if (k + 4 <= n)
            {
                a += Vector256.LoadUnsafe(ref start, (nuint)k);
                k += 4;
            }
            var lanes = a + b;
            for (var j = 0; j < 4; j++) small[j % period] += lanes.GetElement(j);
        }
        else
        {
            Span<double> sums = stackalloc double[ShortRow];
            sums = sums[..period];
            sums.Clear();
            for (; k + period <= n; k += period)
            {
                for (var j = 0; j < period; j++) sums[j] += cells[k + j];
            }
            for (var j = 0; j < period; j++) small[j] += sums[j];
        }
        // What is left: less than a period (or, after vectors, than four cells) from phase 0.
        for (var j = 0; k < n; k++)
        {
            small[j] += cells[k];
            if (++j == period) j = 0;
        }
    }

    // cells[k] = cells[k] ∘ (factor · small[(phase + k) mod period]) for every k, where ∘ is T's
    // operation. Periods that divide four apply one repeating vector.
    private static void PeriodicApply<T>(Span<double> cells, ReadOnlySpan<double> small, int phase, double factor) where T : struct, ICellOperation
    {
        var period = small.Length;
        var n = cells.Length;
        var k = 0;
        for (; phase != 0 && k < n; k++)
        {
            cells[k] = T.Apply(cells[k], factor * small[phase]);
            if (++phase == period) phase = 0;
        }
        if (period is 1 or 2 or 4)
        {
            var pattern = Vector256.Create(factor * small[0], factor * small[1 % period], factor * small[2 % period], factor * small[3 % period]);
            ref var start = ref MemoryMarshal.GetReference(cells);
            for (; k + 4 <= n; k += 4)
            {
                T.Apply(Vector256.LoadUnsafe(ref start, (nuint)k), pattern).StoreUnsafe(ref start, (nuint)k);
            }
        }
        for (; k < n; k++)
        {
            cells[k] = T.Apply(cells[k], factor * small[phase]);
            if (++phase == period) phase = 0;
        }
    }

    private interface ICellOperation
    {
        static abstract double Apply(double cell, double value);

        static abstract Vector256<double> Apply(Vector256<double> cells, Vector256<double> values);
    }

    private readonly struct AddCells : ICellOperation
    {
        public static double Apply(double cell, double value) => cell + value;

        public static Vector256<double> Apply(Vector256<double> cells, Vector256<double> values) => cells + values;
    }

    private readonly struct MultiplyCells : ICellOperation
    {
        public static double Apply(double cell, double value) => cell * value;

        public static Vector256<double> Apply(Vector256<double> cells, Vector256<double> values) => cells * values;
    }
}
