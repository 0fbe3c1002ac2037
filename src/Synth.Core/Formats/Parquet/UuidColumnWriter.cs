using System.Buffers;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>FIXED_LEN_BYTE_ARRAY(16) PLAIN with the UUID annotation, in RFC 4122 (big-endian) byte order.</summary>
internal sealed class UuidColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private const int Size = 16;
    private byte[] _bytes = [];

    protected override void ResetValues()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = ((UuidVector)vector).Values;
        Grow(ref _bytes, (ValueCount + count) * Size);
        var target = _bytes.AsSpan(ValueCount * Size);
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (nulls is null || !nulls[i])
            {
                source[i].TryWriteBytes(target.Slice(n * Size, Size), bigEndian: true, out _);
                n++;
            }
        }
    }

    protected override int NextPageEnd(int row, int value, bool dictionary) => FixedSizePageEnd(row, Size * 8);

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body) =>
        body.Write(_bytes.AsSpan(start * Size, count * Size));
}
