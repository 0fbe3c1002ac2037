using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Binary;
using Synth.Core.Data;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Buffers one column of one row group and writes it as a column chunk: an optional
/// dictionary page, then data pages (v1) of definition levels followed by values. Subclasses
/// own the value storage and encoding of one column type; this class owns definition levels,
/// page splitting and chunk accounting. Buffers are kept from row group to row group.
/// </summary>
internal abstract class ParquetColumnWriter
{
    private byte[] _definitionLevels = [];

    protected ParquetColumnWriter(ColumnInfo info, ParquetEncodingLimits limits)
    {
        Info = info;
        Limits = limits;
    }

    public ColumnInfo Info { get; }

    protected ParquetEncodingLimits Limits { get; }

    /// <summary>Rows buffered in the current row group.</summary>
    protected int RowCount { get; private set; }

    protected int NullCount { get; private set; }

    /// <summary>Non-null values buffered so far, which is also where the next batch's values start.</summary>
    protected int ValueCount => RowCount - NullCount;

    /// <summary>True when this chunk gets a dictionary page and RLE_DICTIONARY data pages.</summary>
    protected virtual bool UseDictionary => false;

    /// <summary>How the data pages encode values when no dictionary is used. Default PLAIN.</summary>
    protected virtual ParquetEncoding ValueEncoding => ParquetEncoding.Plain;

    public static ParquetColumnWriter Create(ColumnInfo info, ParquetEncodingLimits limits) => info.Type switch
    {
        ColumnType.Int64 => new IntegerColumnWriter<long>(info, limits, deltas: true),
        ColumnType.Timestamp => new IntegerColumnWriter<long>(info, limits, deltas: false),
        ColumnType.Float64 => new DoubleColumnWriter(info, limits),
        ColumnType.Boolean => new BooleanColumnWriter(info, limits),
        ColumnType.Date => new IntegerColumnWriter<int>(info, limits, deltas: false),
        ColumnType.Uuid => new UuidColumnWriter(info, limits),
        ColumnType.String => new StringColumnWriter(info, limits),
        ColumnType.Category => new CategoryColumnWriter(info, limits),
        _ => throw new ArgumentOutOfRangeException(nameof(info), info.Type, "unknown column type"),
    };

    public void Reset()
    {
        RowCount = 0;
        NullCount = 0;
        ResetValues();
    }

    public void Append(ColumnVector vector, int count)
    {
        bool[]? nulls = null;
        if (vector.HasNulls)
        {
            if (!Info.Nullable)
            {
                // A REQUIRED column has no definition levels, so a null cannot be written.
                if (vector.Nulls.AsSpan(0, count).Contains(true))
                {
                    throw new InvalidOperationException(
                        $"Column '{Info.Name}' is declared non-nullable (Parquet REQUIRED) but a batch holds nulls.");
                }
            }
            else
            {
                nulls = vector.Nulls;
            }
        }

        var batchNulls = 0;
        if (Info.Nullable)
        {
            Grow(ref _definitionLevels, RowCount + count);
            var levels = _definitionLevels.AsSpan(RowCount, count);
            if (nulls is null)
            {
                levels.Fill(1);
            }
            else
            {
                for (var i = 0; i < levels.Length; i++)
                {
                    var isNull = nulls[i];
                    levels[i] = isNull ? (byte)0 : (byte)1;
                    batchNulls += isNull ? 1 : 0;
                }
            }
        }

        AppendValues(vector, count, nulls);
        RowCount += count;
        NullCount += batchNulls;
    }

    public ParquetColumnChunkSummary WriteChunk(ParquetPageWriter pages)
    {
        pages.BeginChunk();
        var useDictionary = UseDictionary;
        long? dictionaryPageOffset = null;
        if (useDictionary)
        {
            dictionaryPageOffset = pages.Position;
            var entries = WriteDictionary(pages.Body);
            pages.WriteDictionaryPage(entries);
        }

        var encoding = useDictionary ? ParquetEncoding.RleDictionary : ValueEncoding;
        var dataPageOffset = pages.Position;
        var row = 0;
        var value = 0;
        do
        {
            var end = Math.Clamp(NextPageEnd(row, value, useDictionary), row + 1, RowCount);
            var rows = end - row;
            var values = rows;
            if (Info.Nullable)
            {
                var levels = _definitionLevels.AsSpan(row, rows);
                values = rows - levels.Count((byte)0);
                WriteDefinitionLevels(levels, pages);
            }
            if (!useDictionary && pages.Codec == ParquetCompressionCodec.Uncompressed && PlainValueBytes(value, values) is { IsEmpty: false } plain)
            {
                // The values go from the column's buffer straight after the page header: one copy fewer.
                pages.WriteDataPage(rows, encoding, plain);
            }
            else
            {
                WriteValues(value, values, useDictionary, pages.Body);
                pages.WriteDataPage(rows, encoding);
            }
            row = end;
            value += values;
        }
        while (row < RowCount);

        return new ParquetColumnChunkSummary(
            pages.Codec,
            RowCount,
            pages.ChunkUncompressedSize,
            pages.ChunkCompressedSize,
            dataPageOffset,
            dictionaryPageOffset,
            encoding,
            pages.ChunkDataPages,
            Info.Nullable,
            Statistics());
    }

    protected abstract void ResetValues();

    /// <summary>Appends the non-null values of rows 0..count-1 (<paramref name="nulls"/> is null when the batch has none).</summary>
    protected abstract void AppendValues(ColumnVector vector, int count, bool[]? nulls);

    /// <summary>Writes values <paramref name="start"/> .. start+count-1 as a page's value section.</summary>
    protected abstract void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body);

    /// <summary>
    /// The PLAIN value section of values <paramref name="start"/> .. start+count-1 as the bytes the
    /// column already holds (little-endian fixed-width values), or empty when it has to be encoded
    /// by <see cref="WriteValues"/>. Where it is given, it must be what WriteValues would write.
    /// </summary>
    protected virtual ReadOnlySpan<byte> PlainValueBytes(int start, int count) => default;

    /// <summary>Writes the PLAIN dictionary page body and returns its entry count.</summary>
    protected virtual int WriteDictionary(IBufferWriter<byte> body) => throw new NotSupportedException();

    /// <summary>The row after the last one of a page starting at <paramref name="row"/> (value index <paramref name="value"/>).</summary>
    protected abstract int NextPageEnd(int row, int value, bool dictionary);

    protected virtual ParquetStatistics Statistics() => new(NullCount, null, null);

    /// <summary>The end of a page starting at <paramref name="row"/> whose values take <paramref name="bitsPerValue"/> bits each.</summary>
    protected int FixedSizePageEnd(int row, int bitsPerValue) =>
        (int)Math.Min(row + Math.Max(1, Limits.PageTargetBytes * 8L / bitsPerValue), RowCount);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected bool IsDefined(int row) => !Info.Nullable || _definitionLevels[row] != 0;

    protected static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, Math.Max(1024, array.Length * 2)));
        }
    }

    /// <summary>Writes indices as a bit-width byte followed by RLE/bit-packed runs (RLE_DICTIONARY data).</summary>
    protected static void WriteDictionaryIndices(ReadOnlySpan<int> indices, int entryCount, IBufferWriter<byte> body)
    {
        var bitWidth = RleBitPackedHybrid.BitWidthFor(entryCount);
        body.GetSpan(1)[0] = (byte)bitWidth;
        body.Advance(1);
        RleBitPackedHybrid.Encode(indices, bitWidth, body);
    }

    private static void WriteDefinitionLevels(ReadOnlySpan<byte> levels, ParquetPageWriter pages)
    {
        // Data page v1 prefixes the levels with their byte length, which is only known after
        // encoding: encode to scratch first.
        var scratch = pages.Scratch;
        scratch.ResetWrittenCount();
        RleBitPackedHybrid.Encode(levels, 1, scratch);
        var body = pages.Body;
        var span = body.GetSpan(4 + scratch.WrittenCount);
        BinaryPrimitives.WriteInt32LittleEndian(span, scratch.WrittenCount);
        scratch.WrittenSpan.CopyTo(span[4..]);
        body.Advance(4 + scratch.WrittenCount);
    }
}
