namespace Synth.Core.Formats.Parquet;

/// <summary>
/// What the footer needs about one column chunk. Offsets are relative to the start of the
/// block (row group), because a block does not know where it will land in the file.
/// </summary>
internal sealed record ParquetColumnChunkSummary(
    ParquetCompressionCodec Codec,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    ParquetEncoding DataEncoding,
    int DataPageCount,
    bool HasDefinitionLevels,
    ParquetStatistics Statistics)
{
    /// <summary>Offset of the chunk's first page, relative to the block start.</summary>
    public long StartOffset => DictionaryPageOffset ?? DataPageOffset;
}
