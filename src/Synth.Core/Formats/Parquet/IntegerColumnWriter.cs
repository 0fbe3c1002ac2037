using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Integers with min/max statistics: INT64 for <see cref="Int64Vector"/> and
/// <see cref="TimestampVector"/> (micros), INT32 DATE for <see cref="DateVector"/> (days).
/// Plain integers are DELTA_BINARY_PACKED, because the file is what costs: generated integers
/// (bounded ranges, row keys) pack into a third of PLAIN's bytes or less, and writing the bytes
/// out is most of a Parquet run's time. Timestamps and dates stay PLAIN: some readers (Parquet.Net
/// 6) decode deltas only for plain integer columns.
/// </summary>
/// <param name="deltas">DELTA_BINARY_PACKED, else PLAIN.</param>
internal sealed class IntegerColumnWriter<T>(ColumnInfo info, ParquetEncodingLimits limits, bool deltas) : ParquetColumnWriter(info, limits)
    where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private T[] _values = [];
    private T _min;
    private T _max;

    protected override void ResetValues()
    {
        _min = T.MaxValue;
        _max = T.MinValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = vector switch
        {
            Int64Vector v => (T[])(object)v.Values,
            TimestampVector v => (T[])(object)v.Micros,
            _ => (T[])(object)((DateVector)vector).Days,
        };
        Grow(ref _values, ValueCount + count);
        var target = _values.AsSpan(ValueCount);
        if (nulls is null)
        {
            var span = source.AsSpan(0, count);
            span.CopyTo(target);
            SpanMinMax.Accumulate(span, ref _min, ref _max);
            return;
        }

        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (!nulls[i])
            {
                var v = source[i];
                target[n++] = v;
                _min = T.Min(_min, v);
                _max = T.Max(_max, v);
            }
        }
    }

    protected override int NextPageEnd(int row, int value, bool dictionary) => FixedSizePageEnd(row, 8 * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());

    protected override ParquetEncoding ValueEncoding => deltas ? ParquetEncoding.DeltaBinaryPacked : ParquetEncoding.Plain;

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body)
    {
        if (deltas) DeltaBinaryPacked.Encode<T>(_values.AsSpan(start, count), body);
        else body.Write(MemoryMarshal.AsBytes(_values.AsSpan(start, count)));
    }

    protected override ReadOnlySpan<byte> PlainValueBytes(int start, int count) =>
        !deltas && BitConverter.IsLittleEndian ? MemoryMarshal.AsBytes(_values.AsSpan(start, count)) : default;

    protected override ParquetStatistics Statistics() => ValueCount == 0
        ? new(NullCount, null, null)
        : new(NullCount, Bytes(_min), Bytes(_max));

    private static byte[] Bytes(T value) => MemoryMarshal.AsBytes(new[] { value }.AsSpan()).ToArray();
}
