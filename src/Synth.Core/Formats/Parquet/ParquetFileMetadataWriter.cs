using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Writes the footer's <c>FileMetaData</c> (parquet.thrift) in the Thrift compact protocol:
/// the schema (a root group plus one flat leaf per column), one <c>RowGroup</c> per block with
/// the blocks' relative chunk offsets made absolute, and column orders for the statistics.
/// </summary>
internal static class ParquetFileMetadataWriter
{
    public const string CreatedBy = "synth";

    public static void Write(TableLayout layout, FooterContext context, IBufferWriter<byte> output)
    {
        var groups = new List<(BlockPlacement Block, ParquetRowGroupSummary Summary)>(context.Blocks.Count);
        long rows = 0;
        foreach (var block in context.Blocks)
        {
            switch (block.Summary)
            {
                case null:
                    continue; // a block without rows writes no row group
                case ParquetRowGroupSummary summary when summary.Columns.Count == layout.Columns.Count:
                    groups.Add((block, summary));
                    rows += summary.NumRows;
                    break;
                default:
                    throw new InvalidOperationException("A block summary is not a Parquet row group of this layout.");
            }
        }
        if (rows != context.TotalRows)
        {
            throw new InvalidOperationException($"Row groups hold {rows} rows but the pipeline reports {context.TotalRows}.");
        }

        var thrift = new ThriftCompactWriter(output);
        thrift.StructBegin();
        thrift.FieldI32(1, 1); // version: 1 is what the spec recommends for widest compatibility
        WriteSchema(thrift, layout);
        thrift.FieldI64(3, rows);
        thrift.FieldListBegin(4, ThriftCompactType.Struct, groups.Count);
        for (var ordinal = 0; ordinal < groups.Count; ordinal++)
        {
            WriteRowGroup(thrift, layout, groups[ordinal].Block.Offset, groups[ordinal].Summary, ordinal);
        }
        thrift.FieldString(6, CreatedBy);
        thrift.FieldListBegin(7, ThriftCompactType.Struct, layout.Columns.Count);
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            // Statistics bounds follow each column's type-defined order (signed numbers, dates, timestamps).
            thrift.StructBegin();
            thrift.FieldEmptyStruct(1); // TYPE_ORDER
            thrift.StructEnd();
        }
        thrift.StructEnd();
    }

    internal static ParquetPhysicalType PhysicalType(ColumnType type) => type switch
    {
        ColumnType.Int64 or ColumnType.Timestamp => ParquetPhysicalType.Int64,
        ColumnType.Float64 => ParquetPhysicalType.Double,
        ColumnType.Boolean => ParquetPhysicalType.Boolean,
        ColumnType.Date => ParquetPhysicalType.Int32,
        ColumnType.Uuid => ParquetPhysicalType.FixedLenByteArray,
        ColumnType.String or ColumnType.Category => ParquetPhysicalType.ByteArray,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };

    private static void WriteSchema(ThriftCompactWriter thrift, TableLayout layout)
    {
        thrift.FieldListBegin(2, ThriftCompactType.Struct, layout.Columns.Count + 1);
        thrift.StructBegin();
        thrift.FieldString(4, "schema");
        thrift.FieldI32(5, layout.Columns.Count);
        thrift.StructEnd();

        foreach (var column in layout.Columns)
        {
            thrift.StructBegin();
            thrift.FieldI32(1, (int)PhysicalType(column.Type));
            if (column.Type == ColumnType.Uuid)
            {
                thrift.FieldI32(2, 16); // type_length
            }
            thrift.FieldI32(3, column.Nullable ? 1 : 0); // OPTIONAL : REQUIRED
            thrift.FieldString(4, column.Name);
            switch (column.Type)
            {
                case ColumnType.Timestamp:
                    thrift.FieldI32(6, (int)ParquetConvertedType.TimestampMicros);
                    thrift.FieldStructBegin(10);
                    thrift.FieldStructBegin(8); // TIMESTAMP
                    thrift.FieldBool(1, true); // isAdjustedToUTC
                    thrift.FieldStructBegin(2); // unit
                    thrift.FieldEmptyStruct(2); // MICROS
                    thrift.StructEnd();
                    thrift.StructEnd();
                    thrift.StructEnd();
                    break;
                case ColumnType.Date:
                    thrift.FieldI32(6, (int)ParquetConvertedType.Date);
                    WriteLogicalTypeMarker(thrift, 6); // DATE
                    break;
                case ColumnType.Uuid:
                    WriteLogicalTypeMarker(thrift, 14); // UUID (no converted type exists)
                    break;
                case ColumnType.String or ColumnType.Category:
                    thrift.FieldI32(6, (int)ParquetConvertedType.Utf8);
                    WriteLogicalTypeMarker(thrift, 1); // STRING
                    break;
            }
            thrift.StructEnd();
        }
    }

    private static void WriteLogicalTypeMarker(ThriftCompactWriter thrift, short member)
    {
        thrift.FieldStructBegin(10);
        thrift.FieldEmptyStruct(member);
        thrift.StructEnd();
    }

    private static void WriteRowGroup(ThriftCompactWriter thrift, TableLayout layout, long blockOffset, ParquetRowGroupSummary group, int ordinal)
    {
        long uncompressed = 0;
        long compressed = 0;
        thrift.StructBegin();
        thrift.FieldListBegin(1, ThriftCompactType.Struct, group.Columns.Count);
        for (var i = 0; i < group.Columns.Count; i++)
        {
            var chunk = group.Columns[i];
            WriteColumnChunk(thrift, layout.Columns[i], blockOffset, chunk);
            uncompressed += chunk.TotalUncompressedSize;
            compressed += chunk.TotalCompressedSize;
        }
        thrift.FieldI64(2, uncompressed); // total_byte_size
        thrift.FieldI64(3, group.NumRows);
        thrift.FieldI64(5, blockOffset + group.Columns[0].StartOffset); // file_offset
        thrift.FieldI64(6, compressed);
        if (ordinal <= short.MaxValue)
        {
            thrift.FieldI16(7, (short)ordinal);
        }
        thrift.StructEnd();
    }

    private static void WriteColumnChunk(ThriftCompactWriter thrift, ColumnInfo column, long blockOffset, ParquetColumnChunkSummary chunk)
    {
        var dictionary = chunk.DictionaryPageOffset is not null;
        thrift.StructBegin();
        thrift.FieldI64(2, 0); // file_offset: deprecated, 0 when no metadata is written outside the footer
        thrift.FieldStructBegin(3); // meta_data

        thrift.FieldI32(1, (int)PhysicalType(column.Type));
        var encodingCount = 1 + (chunk.HasDefinitionLevels ? 1 : 0) + (dictionary ? 1 : 0);
        thrift.FieldListBegin(2, ThriftCompactType.I32, encodingCount);
        // The values' encoding (PLAIN or DELTA_BINARY_PACKED), or PLAIN for the dictionary page.
        thrift.I32((int)(chunk.DataEncoding == ParquetEncoding.DeltaBinaryPacked ? ParquetEncoding.DeltaBinaryPacked : ParquetEncoding.Plain));
        if (chunk.HasDefinitionLevels)
        {
            thrift.I32((int)ParquetEncoding.Rle);
        }
        if (dictionary)
        {
            thrift.I32((int)ParquetEncoding.RleDictionary);
        }
        thrift.FieldListBegin(3, ThriftCompactType.Binary, 1);
        thrift.String(column.Name);
        thrift.FieldI32(4, (int)chunk.Codec);
        thrift.FieldI64(5, chunk.NumValues);
        thrift.FieldI64(6, chunk.TotalUncompressedSize);
        thrift.FieldI64(7, chunk.TotalCompressedSize);
        thrift.FieldI64(9, blockOffset + chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionaryOffset)
        {
            thrift.FieldI64(11, blockOffset + dictionaryOffset);
        }

        var stats = chunk.Statistics;
        thrift.FieldStructBegin(12);
        thrift.FieldI64(3, stats.NullCount);
        if (stats.MaxValue is { } max)
        {
            thrift.FieldBinary(5, max);
        }
        if (stats.MinValue is { } min)
        {
            thrift.FieldBinary(6, min);
        }
        if (stats.NanCount is { } nanCount)
        {
            thrift.FieldI64(9, nanCount);
        }
        thrift.StructEnd();

        thrift.FieldListBegin(13, ThriftCompactType.Struct, dictionary ? 2 : 1); // encoding_stats
        if (dictionary)
        {
            WritePageEncodingStats(thrift, ParquetPageType.DictionaryPage, ParquetEncoding.Plain, 1);
        }
        WritePageEncodingStats(thrift, ParquetPageType.DataPage, chunk.DataEncoding, chunk.DataPageCount);

        thrift.StructEnd(); // meta_data
        thrift.StructEnd(); // ColumnChunk
    }

    private static void WritePageEncodingStats(ThriftCompactWriter thrift, ParquetPageType pageType, ParquetEncoding encoding, int count)
    {
        thrift.StructBegin();
        thrift.FieldI32(1, (int)pageType);
        thrift.FieldI32(2, (int)encoding);
        thrift.FieldI32(3, count);
        thrift.StructEnd();
    }
}
