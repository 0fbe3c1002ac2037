namespace Synth.Core.Formats.Parquet;

/// <summary>parquet.thrift <c>Type</c>: how values are stored on disk.</summary>
internal enum ParquetPhysicalType
{
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    Double = 5,
    ByteArray = 6,
    FixedLenByteArray = 7,
}
