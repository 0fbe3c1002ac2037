namespace Synth.Core.Formats.Parquet;

/// <summary>
/// parquet.thrift <c>ConvertedType</c>: the legacy annotation. Written next to the logical
/// type because older readers only understand this one.
/// </summary>
internal enum ParquetConvertedType
{
    Utf8 = 0,
    Date = 6,
    TimestampMicros = 10,
}
