namespace Synth.Core.Output.Zip;

/// <summary>How a zip entry's bytes are stored (the zip format's method numbers).</summary>
public enum ZipMethod : ushort
{
    /// <summary>As they are: for content that is compressed already (gzip, Parquet).</summary>
    Stored = 0,

    /// <summary>Raw deflate.</summary>
    Deflated = 8,
}
