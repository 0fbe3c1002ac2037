namespace Synth.Core.Formats.Parquet;

/// <summary>parquet.thrift <c>PageType</c> values this writer uses.</summary>
internal enum ParquetPageType
{
    DataPage = 0,
    DictionaryPage = 2,
}
