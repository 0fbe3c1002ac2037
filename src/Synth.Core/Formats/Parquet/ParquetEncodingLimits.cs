namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Size limits that shape the bytes. Fixed in production (every limit is part of what makes
/// output reproducible); tests shrink them to reach page splits and dictionary fallback with
/// small data.
/// </summary>
internal sealed record ParquetEncodingLimits
{
    public static ParquetEncodingLimits Default { get; } = new();

    /// <summary>Rows per row group (= rows per block). Default 131,072.</summary>
    public int RowsPerRowGroup { get; init; } = 131_072;

    /// <summary>A data page is closed once its values reach this many bytes. Default 1 MiB.</summary>
    public int PageTargetBytes { get; init; } = 1 << 20;

    /// <summary>A string chunk with more distinct values falls back to PLAIN. Default 65,536.</summary>
    public int MaxDictionaryEntries { get; init; } = 65_536;

    /// <summary>A string chunk whose PLAIN dictionary page would exceed this falls back to PLAIN. Default 1 MiB.</summary>
    public int MaxDictionaryBytes { get; init; } = 1 << 20;
}
