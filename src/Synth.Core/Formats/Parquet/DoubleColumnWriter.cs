using System.Buffers;
using System.Runtime.InteropServices;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>DOUBLE PLAIN. Statistics follow the spec's TYPE_ORDER rules for floats: NaN is counted, never a bound.</summary>
internal sealed class DoubleColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private double[] _values = [];
    private double _min;
    private double _max;
    private long _nanCount;

    protected override void ResetValues()
    {
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        _nanCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = ((Float64Vector)vector).Values;
        Grow(ref _values, ValueCount + count);
        var target = _values.AsSpan(ValueCount);
        if (nulls is null)
        {
            var span = source.AsSpan(0, count);
            span.CopyTo(target);
            SpanMinMax.Accumulate(span, ref _min, ref _max, ref _nanCount);
            return;
        }
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (nulls is not null && nulls[i])
            {
                continue;
            }
            var v = source[i];
            target[n++] = v;
            // Comparisons with NaN are false, so NaN never becomes a bound.
            if (v < _min)
            {
                _min = v;
            }
            if (v > _max)
            {
                _max = v;
            }
            if (double.IsNaN(v))
            {
                _nanCount++;
            }
        }
    }

    protected override int NextPageEnd(int row, int value, bool dictionary) => FixedSizePageEnd(row, 64);

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body) =>
        body.Write(MemoryMarshal.AsBytes(_values.AsSpan(start, count)));

    protected override ReadOnlySpan<byte> PlainValueBytes(int start, int count) =>
        BitConverter.IsLittleEndian ? MemoryMarshal.AsBytes(_values.AsSpan(start, count)) : default;

    protected override ParquetStatistics Statistics()
    {
        if (ValueCount - _nanCount == 0)
        {
            return new(NullCount, null, null, _nanCount);
        }
        // Zero bounds are widened to cover both signed zeros, as the spec asks.
        var min = _min == 0 ? -0.0 : _min;
        var max = _max == 0 ? 0.0 : _max;
        return new(NullCount, BitConverter.GetBytes(min), BitConverter.GetBytes(max), _nanCount);
    }
}
