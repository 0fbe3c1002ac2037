using System.Buffers.Binary;
using System.Text;

namespace Synth.Core.Output.Zip;

/// <summary>
/// The headers of a zip archive (APPNOTE 6.3): an entry's local header, and the central directory
/// that ends the archive. Entries always use the zip64 size fields, so a header's length depends
/// only on the entry's name and it can be written before its data is known (then rewritten in
/// place, or computed by whoever assembles the archive from parts made elsewhere). Times are
/// fixed at 1980-01-01 00:00, so the archive's bytes are a function of its entries alone.
/// </summary>
public static class ZipHeaders
{
    private const ushort Version = 45; // 4.5: zip64
    private const ushort Utf8Names = 0x0800;
    private const ushort DosTime = 0;
    private const ushort DosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
    private const uint Saturated = uint.MaxValue;
    private const ushort Zip64Extra = 0x0001;

    /// <summary>The local header that precedes an entry's data.</summary>
    public static byte[] LocalHeader(ZipEntryInfo entry)
    {
        var name = Encoding.UTF8.GetBytes(entry.Name);
        var header = new byte[30 + name.Length + 20];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], Utf8Names);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], Saturated);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], Saturated);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], 20);
        name.CopyTo(span[30..]);
        var extra = span[(30 + name.Length)..];
        BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64Extra);
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 16);
        BinaryPrimitives.WriteUInt64LittleEndian(extra[4..], (ulong)entry.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(extra[12..], (ulong)entry.CompressedLength);
        return header;
    }

    /// <summary>The central directory and its end records, for entries in archive order, starting at <paramref name="offset"/>.</summary>
    public static byte[] CentralDirectory(IReadOnlyList<ZipEntryInfo> entries, long offset)
    {
        var output = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[46];
        Span<byte> extra = stackalloc byte[28];
        foreach (var entry in entries)
        {
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var farOffset = entry.Offset >= Saturated;
            var extraLength = farOffset ? 28 : 20;
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[4..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[6..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[8..], Utf8Names);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[10..], (ushort)entry.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[12..], DosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[14..], DosDate);
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[16..], entry.Crc32);
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[20..], Saturated);
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[24..], Saturated);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[30..], (ushort)extraLength);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[32..], 0); // comment
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[34..], 0); // disk
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[36..], 0); // internal attributes
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[38..], 0); // external attributes
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[42..], farOffset ? Saturated : (uint)entry.Offset);
            output.Write(fixedPart);
            output.Write(name);
            BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64Extra);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)(extraLength - 4));
            BinaryPrimitives.WriteUInt64LittleEndian(extra[4..], (ulong)entry.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(extra[12..], (ulong)entry.CompressedLength);
            BinaryPrimitives.WriteUInt64LittleEndian(extra[20..], (ulong)entry.Offset);
            output.Write(extra[..extraLength]);
        }
        var size = output.Length;
        var count = entries.Count;
        if (count >= ushort.MaxValue || offset >= Saturated || size >= Saturated) WriteZip64End(output, count, size, offset);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)Math.Min(count, ushort.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)Math.Min(count, ushort.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)Math.Min(size, Saturated));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)Math.Min(offset, Saturated));
        BinaryPrimitives.WriteUInt16LittleEndian(end[20..], 0);
        output.Write(end);
        return output.ToArray();
    }

    private static void WriteZip64End(MemoryStream output, int count, long size, long offset)
    {
        var recordAt = offset + output.Length;
        Span<byte> record = stackalloc byte[56 + 20];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(record[4..], 44);
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], (ulong)count);
        BinaryPrimitives.WriteUInt64LittleEndian(record[32..], (ulong)count);
        BinaryPrimitives.WriteUInt64LittleEndian(record[40..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(record[48..], (ulong)offset);
        var locator = record[56..];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], (ulong)recordAt);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
        output.Write(record);
    }
}
