using System.IO.Compression;
using System.IO.Hashing;

namespace Synth.Core.Output.Zip;

/// <summary>
/// Builds one zip entry's data from pieces of its content, in order, keeping the entry's CRC-32
/// and lengths. Deflated pieces are raw deflate segments that each start a fresh compressor and
/// end on a byte boundary (a sync flush), so pieces made apart (a file's header, each block of
/// each shard, its footer) concatenate into one valid deflate stream, closed by <see cref="End"/>.
/// </summary>
public sealed class ZipEntryData(ZipMethod method)
{
    // A final, empty block with fixed codes: the deflate stream's last block.
    private static readonly byte[] FinalBlock = [0x03, 0x00];

    public ZipMethod Method { get; } = method;

    public uint Crc32 { get; private set; }

    /// <summary>Content bytes so far (uncompressed).</summary>
    public long Length { get; private set; }

    /// <summary>Data bytes so far (what lies in the archive).</summary>
    public long CompressedLength { get; private set; }

    /// <summary>Appends a piece of content, writing its data to <paramref name="output"/>.</summary>
    public void Append(ReadOnlySpan<byte> content, Stream output)
    {
        if (content.IsEmpty) return;
        long written;
        if (Method == ZipMethod.Deflated)
        {
            var segment = new MemoryStream();
            WriteSegment(content, segment);
            output.Write(segment.GetBuffer(), 0, (int)segment.Length);
            written = segment.Length;
        }
        else
        {
            output.Write(content);
            written = content.Length;
        }
        Add(System.IO.Hashing.Crc32.HashToUInt32(content), content.Length, written);
    }

    /// <summary>Accounts for data already written elsewhere: a shard's blocks, made with <see cref="GenerationOptions.ZipEntry"/>.</summary>
    public void Append(ShardResult shard) => Add(shard.Crc32, shard.ContentLength, shard.Bytes);

    /// <summary>Ends the data (deflate: its final block).</summary>
    public void End(Stream output)
    {
        if (Method != ZipMethod.Deflated) return;
        output.Write(FinalBlock);
        CompressedLength += FinalBlock.Length;
    }

    /// <summary>The headers' view of the entry, once its data is complete.</summary>
    public ZipEntryInfo Info(string name, long offset) => new(name, Method, Crc32, Length, CompressedLength, offset);

    private void Add(uint crc, long length, long written)
    {
        Crc32 = Crc32Combine.Combine(Crc32, crc, length);
        Length += length;
        CompressedLength += written;
    }

    /// <summary>Deflates <paramref name="content"/> into a segment that ends on a byte boundary, appended to <paramref name="destination"/>.</summary>
    public static void WriteSegment(ReadOnlySpan<byte> content, MemoryStream destination)
    {
        destination.Position = destination.Length;
        long flushed;
        using (var deflate = new DeflateStream(destination, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(content);
            // A sync flush: the data so far, then an empty stored block that ends on a byte boundary.
            deflate.Flush();
            flushed = destination.Length;
        }
        // Closing the compressor wrote a final block; the archive writes one final block of its own at the end.
        destination.SetLength(flushed);
    }
}
