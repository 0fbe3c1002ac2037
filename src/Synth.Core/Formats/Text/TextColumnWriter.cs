using System.Runtime.CompilerServices;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Writes the cells of one column in one text style. Made once per encoder, then bound to each
/// batch's vector: the type test and array lookups happen per batch, a cell costs one virtual
/// call and one room check. Nulls are the caller's business (formats spell them differently).
/// </summary>
internal abstract class TextColumnWriter
{
    private bool[]? _nulls;

    protected TextColumnWriter(ColumnInfo info, TextStyle style)
    {
        Info = info;
        Style = style;
    }

    public ColumnInfo Info { get; }

    protected TextStyle Style { get; }

    public static TextColumnWriter Create(ColumnInfo info, TextStyle style) => info.Type switch
    {
        ColumnType.Int64 => new Int64Writer(info, style),
        ColumnType.Float64 => new Float64Writer(info, style),
        ColumnType.Boolean => new BooleanWriter(info, style),
        ColumnType.Timestamp => new TimestampWriter(info, style),
        ColumnType.Date => new DateWriter(info, style),
        ColumnType.Uuid => new UuidWriter(info, style),
        ColumnType.String => new StringWriter(info, style),
        ColumnType.Category => new CategoryWriter(info, style),
        _ => throw new ArgumentOutOfRangeException(nameof(info), info.Type, $"column '{info.Name}' has an unknown type"),
    };

    public static TextColumnWriter[] CreateAll(TableLayout layout, TextStyle style)
    {
        var writers = new TextColumnWriter[layout.Columns.Count];
        for (var i = 0; i < writers.Length; i++)
        {
            writers[i] = Create(layout.Columns[i], style);
        }
        return writers;
    }

    /// <summary>Binds every writer to its column of <paramref name="batch"/>.</summary>
    public static void BindAll(TextColumnWriter[] writers, RowBatch batch)
    {
        if (batch.Columns.Length < writers.Length)
        {
            throw new ArgumentException($"the batch has {batch.Columns.Length} columns, fewer than the layout's {writers.Length}", nameof(batch));
        }
        for (var i = 0; i < writers.Length; i++)
        {
            writers[i].Bind(batch.Columns[i]);
        }
    }

    public void Bind(ColumnVector vector)
    {
        _nulls = vector.HasNulls ? vector.Nulls : null;
        BindValues(vector);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => _nulls is not null && _nulls[row];

    public abstract void Write(ref BufferSink sink, int row);

    protected abstract void BindValues(ColumnVector vector);

    protected T Expect<T>(ColumnVector vector) where T : ColumnVector =>
        vector as T ?? throw new ArgumentException(
            $"column '{Info.Name}' is declared {Info.Type} but the batch holds a {vector.GetType().Name}", nameof(vector));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected int OpenQuote(Span<byte> destination)
    {
        if (Style.ValueQuote == 0)
        {
            return 0;
        }
        destination[0] = Style.ValueQuote;
        return 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected int CloseQuote(Span<byte> destination, int pos)
    {
        if (Style.ValueQuote == 0)
        {
            return pos;
        }
        destination[pos] = Style.ValueQuote;
        return pos + 1;
    }

    private sealed class Int64Writer(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private long[] _values = [];

        protected override void BindValues(ColumnVector vector) => _values = Expect<Int64Vector>(vector).Values;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row)
        {
            var destination = sink.Reserve(Utf8ValueWriter.MaxInt64Length);
            sink.Advance(Utf8ValueWriter.WriteInt64(_values[row], destination));
        }
    }

    private sealed class Float64Writer(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private readonly int _decimals = info.Decimals;
        private readonly int _maxLength = Utf8ValueWriter.MaxFloat64Length(info.Decimals);
        private readonly double _fixedScale = Utf8ValueWriter.FixedScale(info.Decimals);
        private double[] _values = [];

        protected override void BindValues(ColumnVector vector) => _values = Expect<Float64Vector>(vector).Values;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row)
        {
            var value = _values[row];
            var destination = sink.Reserve(_maxLength);
            if (_fixedScale != 0 && Utf8ValueWriter.TryWriteFixed(value, _decimals, _fixedScale, destination, out var length))
            {
                sink.Advance(length);
                return;
            }
            WriteOther(ref sink, value);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private void WriteOther(ref BufferSink sink, double value)
        {
            if (!double.IsFinite(value))
            {
                sink.Write(double.IsNaN(value) ? Style.NaN : value > 0 ? Style.PositiveInfinity : Style.NegativeInfinity);
                return;
            }
            var destination = sink.Reserve(_maxLength);
            sink.Advance(_decimals < 0 ? RyuDouble.Write(value, destination) : Utf8ValueWriter.WriteFloat64(value, _decimals, destination));
        }
    }

    private sealed class BooleanWriter(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private bool[] _values = [];

        protected override void BindValues(ColumnVector vector) => _values = Expect<BooleanVector>(vector).Values;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row) => sink.Write(_values[row] ? Style.True : Style.False);
    }

    private sealed class TimestampWriter(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private CivilDateCache _dates = CivilDateCache.OfThread;
        private long[] _micros = [];

        protected override void BindValues(ColumnVector vector)
        {
            _micros = Expect<TimestampVector>(vector).Micros;
            _dates = CivilDateCache.OfThread;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row)
        {
            var destination = sink.Reserve(Utf8ValueWriter.MaxTimestampLength + 2);
            var pos = OpenQuote(destination);
            pos += Utf8ValueWriter.WriteTimestamp(_micros[row], Style.TimestampSeparator, destination[pos..], _dates);
            sink.Advance(CloseQuote(destination, pos));
        }
    }

    private sealed class DateWriter(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private CivilDateCache _dates = CivilDateCache.OfThread;
        private int[] _days = [];

        protected override void BindValues(ColumnVector vector)
        {
            _days = Expect<DateVector>(vector).Days;
            _dates = CivilDateCache.OfThread;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row)
        {
            var destination = sink.Reserve(Utf8ValueWriter.MaxDateLength + 2);
            var pos = OpenQuote(destination);
            pos += _dates.Write(_days[row], destination[pos..]);
            sink.Advance(CloseQuote(destination, pos));
        }
    }

    private sealed class UuidWriter(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private Guid[] _values = [];

        protected override void BindValues(ColumnVector vector) => _values = Expect<UuidVector>(vector).Values;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row)
        {
            var destination = sink.Reserve(Utf8ValueWriter.UuidLength + 2);
            var pos = OpenQuote(destination);
            pos += Utf8ValueWriter.WriteUuid(_values[row], destination[pos..]);
            sink.Advance(CloseQuote(destination, pos));
        }
    }

    private sealed class StringWriter(ColumnInfo info, TextStyle style) : TextColumnWriter(info, style)
    {
        private byte[] _bytes = [];
        private int[] _offsets = [];

        protected override void BindValues(ColumnVector vector)
        {
            var strings = Expect<StringVector>(vector);
            _bytes = strings.Bytes;
            _offsets = strings.Offsets;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row)
        {
            var start = _offsets[row];
            var raw = new ReadOnlySpan<byte>(_bytes, start, _offsets[row + 1] - start);
            var escaping = Style.Escaping;
            var destination = sink.Reserve(TextEscaper.MaxLength(escaping, raw.Length));
            sink.Advance(TextEscaper.Write(escaping, raw, destination));
        }
    }

    private sealed class CategoryWriter : TextColumnWriter
    {
        // Labels never change, so they are escaped once here instead of once per cell.
        private readonly byte[][] _escapedLabels;
        private int[] _codes = [];

        public CategoryWriter(ColumnInfo info, TextStyle style) : base(info, style)
        {
            _escapedLabels = new byte[info.CategoryUtf8.Length][];
            for (var i = 0; i < _escapedLabels.Length; i++)
            {
                _escapedLabels[i] = TextEscaper.Escape(style.Escaping, info.CategoryUtf8[i]);
            }
        }

        protected override void BindValues(ColumnVector vector) => _codes = Expect<CategoryVector>(vector).Codes;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Write(ref BufferSink sink, int row) => sink.Write(_escapedLabels[_codes[row]]);
    }
}
