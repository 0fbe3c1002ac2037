using System.Buffers;
using System.Runtime.InteropServices;
using Synth.Core.Data;

namespace Synth.Core.Formats.Parquet;

/// <summary>INT64 PLAIN: <see cref="Int64Vector"/> and <see cref="TimestampVector"/> (micros).</summary>
internal sealed class Int64ColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private long[] _values = [];
    private long _min;
    private long _max;

    protected override void ResetValues()
    {
        _min = long.MaxValue;
        _max = long.MinValue;
    }

    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = vector is TimestampVector timestamps ? timestamps.Micros : ((Int64Vector)vector).Values;
        Grow(ref _values, ValueCount + count);
        var target = _values.AsSpan(ValueCount);
        if (nulls is null)
        {
            var span = source.AsSpan(0, count);
            span.CopyTo(target);
            SpanMinMax.Accumulate<long>(span, ref _min, ref _max);
            return;
        }

        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (!nulls[i])
            {
                var v = source[i];
                target[n++] = v;
                _min = Math.Min(_min, v);
                _max = Math.Max(_max, v);
            }
        }
    }

    protected override int NextPageEnd(int row, int value, bool dictionary) => FixedSizePageEnd(row, 64);

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body) =>
        body.Write(MemoryMarshal.AsBytes(_values.AsSpan(start, count)));

    protected override ParquetStatistics Statistics() => ValueCount == 0
        ? new(NullCount, null, null)
        : new(NullCount, BitConverter.GetBytes(_min), BitConverter.GetBytes(_max));
}
