using System.Buffers;
using System.Runtime.InteropServices;
using Synth.Core.Data;

namespace Synth.Core.Formats.Parquet;

/// <summary>INT32 PLAIN with the DATE annotation: days since 1970-01-01.</summary>
internal sealed class DateColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private int[] _values = [];
    private int _min;
    private int _max;

    protected override void ResetValues()
    {
        _min = int.MaxValue;
        _max = int.MinValue;
    }

    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = ((DateVector)vector).Days;
        Grow(ref _values, ValueCount + count);
        var target = _values.AsSpan(ValueCount);
        if (nulls is null)
        {
            var span = source.AsSpan(0, count);
            span.CopyTo(target);
            SpanMinMax.Accumulate<int>(span, ref _min, ref _max);
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

    protected override int NextPageEnd(int row, int value, bool dictionary) => FixedSizePageEnd(row, 32);

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body) =>
        body.Write(MemoryMarshal.AsBytes(_values.AsSpan(start, count)));

    protected override ParquetStatistics Statistics() => ValueCount == 0
        ? new(NullCount, null, null)
        : new(NullCount, BitConverter.GetBytes(_min), BitConverter.GetBytes(_max));
}
