namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Column-chunk statistics as parquet.thrift <c>Statistics</c>: min/max are PLAIN-encoded and
/// null where the column type gets none (strings, UUIDs) or no value qualified (all null, all NaN).
/// </summary>
internal sealed record ParquetStatistics(long NullCount, byte[]? MinValue, byte[]? MaxValue, long? NanCount = null);
