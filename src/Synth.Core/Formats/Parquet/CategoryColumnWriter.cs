using System.Buffers;
using System.Buffers.Binary;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// BYTE_ARRAY (STRING) for category columns: the label list is the dictionary page as is and
/// the codes are the indices, so no value is hashed or compared.
/// </summary>
internal sealed class CategoryColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private int[] _codes = [];

    // An all-null chunk has no index to write; PLAIN with no values is the simpler page.
    protected override bool UseDictionary => ValueCount > 0;

    protected override void ResetValues()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = ((CategoryVector)vector).Codes;
        var labels = (uint)Info.CategoryUtf8.Length;
        Grow(ref _codes, ValueCount + count);
        var target = _codes.AsSpan(ValueCount);
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (nulls is not null && nulls[i])
            {
                continue;
            }
            var code = source[i];
            if ((uint)code >= labels)
            {
                throw new InvalidOperationException($"Column '{Info.Name}' has category code {code} but only {labels} labels.");
            }
            target[n++] = code;
        }
    }

    protected override int WriteDictionary(IBufferWriter<byte> body)
    {
        foreach (var label in Info.CategoryUtf8)
        {
            var span = body.GetSpan(4 + label.Length);
            BinaryPrimitives.WriteInt32LittleEndian(span, label.Length);
            label.CopyTo(span[4..]);
            body.Advance(4 + label.Length);
        }
        return Info.CategoryUtf8.Length;
    }

    protected override int NextPageEnd(int row, int value, bool dictionary) =>
        FixedSizePageEnd(row, RleBitPackedHybrid.BitWidthFor(Info.CategoryUtf8.Length));

    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body)
    {
        if (dictionary)
        {
            WriteDictionaryIndices(_codes.AsSpan(start, count), Info.CategoryUtf8.Length, body);
        }
        // Not dictionary-encoded only when the chunk has no values at all: nothing to write.
    }
}
