namespace Synth.Core.Formats.Parquet;

/// <summary>parquet.thrift <c>CompressionCodec</c> values this writer uses.</summary>
internal enum ParquetCompressionCodec
{
    Uncompressed = 0,
    Gzip = 2,
}
