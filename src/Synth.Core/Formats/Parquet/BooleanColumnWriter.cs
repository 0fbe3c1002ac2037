using System.Buffers;
using System.Runtime.InteropServices;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>BOOLEAN PLAIN: one bit per value, least significant bit first.</summary>
internal sealed class BooleanColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private bool[] _values = [];
    private bool _anyTrue;
    private bool _anyFalse;

    protected override void ResetValues()
    {
        _anyTrue = false;
        _anyFalse = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = ((BooleanVector)vector).Values;
        Grow(ref _values, ValueCount + count);
        var target = _values.AsSpan(ValueCount);
        int n;
        if (nulls is null)
        {
            source.AsSpan(0, count).CopyTo(target);
            n = count;
        }
        else
        {
            n = 0;
            for (var i = 0; i < count; i++)
            {
                if (!nulls[i])
                {
                    target[n++] = source[i];
                }
            }
        }
        var appended = target[..n];
        _anyTrue |= appended.Contains(true);
        _anyFalse |= appended.Contains(false);
    }

    protected override int NextPageEnd(int row, int value, bool dictionary) => FixedSizePageEnd(row, 1);

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body) =>
        RleBitPackedHybrid.BitPack<byte>(MemoryMarshal.AsBytes(_values.AsSpan(start, count)), 1, body);

    protected override ParquetStatistics Statistics() => ValueCount == 0
        ? new(NullCount, null, null)
        : new(NullCount, [_anyFalse ? (byte)0 : (byte)1], [_anyTrue ? (byte)1 : (byte)0]);
}
