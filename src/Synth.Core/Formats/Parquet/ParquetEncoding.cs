namespace Synth.Core.Formats.Parquet;

/// <summary>parquet.thrift <c>Encoding</c> values this writer uses.</summary>
internal enum ParquetEncoding
{
    Plain = 0,
    /// <summary>RLE/bit-packed hybrid; used here for definition levels.</summary>
    Rle = 3,
    /// <summary>Integers as deltas, bit-packed per miniblock (<see cref="DeltaBinaryPacked"/>).</summary>
    DeltaBinaryPacked = 5,
    RleDictionary = 8,
}
