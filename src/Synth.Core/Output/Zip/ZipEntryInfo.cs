namespace Synth.Core.Output.Zip;

/// <summary>What the zip headers say about one entry.</summary>
/// <param name="Length">The entry's content in bytes (uncompressed).</param>
/// <param name="CompressedLength">The entry's data in the archive, in bytes.</param>
/// <param name="Offset">Where the entry's local header starts, from the start of the archive.</param>
public sealed record ZipEntryInfo(string Name, ZipMethod Method, uint Crc32, long Length, long CompressedLength, long Offset);
