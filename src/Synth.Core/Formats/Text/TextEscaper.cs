using System.Buffers;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Escapes raw UTF-8 strings for each text syntax. Input is assumed to be valid UTF-8 (that is
/// what generators produce); multi-byte sequences are copied through untouched, because every
/// byte the escapers react to is ASCII (below 0x80) except XML's check for U+FFFE/U+FFFF.
/// Runs of ordinary bytes are found with vectorised searches and copied in one go.
/// </summary>
internal static class TextEscaper
{
    private static readonly SearchValues<byte> s_csvSpecial = SearchValues.Create(",\"\r\n"u8);
    private static readonly SearchValues<byte> s_tsvSpecial = SearchValues.Create("\t\r\n"u8);
    private static readonly SearchValues<byte> s_jsonSpecial = SearchValues.Create(JsonSpecialBytes());
    private static readonly SearchValues<byte> s_mySqlSpecial = SearchValues.Create("'\\\0\u001a"u8);
    private static readonly SearchValues<byte> s_xmlSpecial = SearchValues.Create(XmlSpecialBytes());

    /// <summary>Upper bound of the escaped length (including any surrounding quotes) of <paramref name="length"/> raw bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxLength(TextEscaping escaping, int length) => escaping switch
    {
        TextEscaping.Tsv => length,
        TextEscaping.Json or TextEscaping.Xml => length * 6 + 2, // \u00XX, &quot;
        _ => length * 2 + 2,
    };

    /// <summary>Writes the escaped form of <paramref name="raw"/>; <paramref name="destination"/> must hold <see cref="MaxLength"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Write(TextEscaping escaping, ReadOnlySpan<byte> raw, Span<byte> destination) => escaping switch
    {
        TextEscaping.Csv => WriteCsv(raw, destination),
        TextEscaping.Tsv => WriteTsv(raw, destination),
        TextEscaping.Json => WriteJson(raw, destination),
        TextEscaping.SqlStandard => WriteSqlStandard(raw, destination),
        TextEscaping.SqlMySql => WriteSqlMySql(raw, destination),
        TextEscaping.Xml => WriteXml(raw, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(escaping)),
    };

    /// <summary>Escapes a whole value once, for text that never changes (category labels, column names).</summary>
    public static byte[] Escape(TextEscaping escaping, ReadOnlySpan<byte> raw)
    {
        var buffer = new byte[MaxLength(escaping, raw.Length)];
        var length = Write(escaping, raw, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    public static byte[] Escape(TextEscaping escaping, string raw) => Escape(escaping, System.Text.Encoding.UTF8.GetBytes(raw));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteCsv(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        // An empty string is written as "" so that it stays distinct from a null (an empty field),
        // the convention PostgreSQL's COPY … CSV also follows.
        if (raw.Length > 0 && !raw.ContainsAny(s_csvSpecial))
        {
            raw.CopyTo(destination);
            return raw.Length;
        }

        destination[0] = (byte)'"';
        var pos = 1;
        while (true)
        {
            var quote = raw.IndexOf((byte)'"');
            if (quote < 0)
            {
                break;
            }
            raw[..(quote + 1)].CopyTo(destination[pos..]);
            pos += quote + 1;
            destination[pos++] = (byte)'"';
            raw = raw[(quote + 1)..];
        }
        raw.CopyTo(destination[pos..]);
        pos += raw.Length;
        destination[pos++] = (byte)'"';
        return pos;
    }

    private static int WriteTsv(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        raw.CopyTo(destination);
        var written = destination[..raw.Length];
        var next = written.IndexOfAny(s_tsvSpecial);
        while (next >= 0)
        {
            written[next] = (byte)' ';
            written = written[(next + 1)..];
            next = written.IndexOfAny(s_tsvSpecial);
        }
        return raw.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteJson(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        var pos = 1;
        while (true)
        {
            var special = raw.IndexOfAny(s_jsonSpecial);
            if (special < 0)
            {
                break;
            }
            raw[..special].CopyTo(destination[pos..]);
            pos += special;
            var b = raw[special];
            destination[pos++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"' or (byte)'\\':
                    destination[pos++] = b;
                    break;
                case (byte)'\n':
                    destination[pos++] = (byte)'n';
                    break;
                case (byte)'\r':
                    destination[pos++] = (byte)'r';
                    break;
                case (byte)'\t':
                    destination[pos++] = (byte)'t';
                    break;
                default:
                    "u00"u8.CopyTo(destination[pos..]);
                    destination[pos + 3] = HexDigit(b >> 4);
                    destination[pos + 4] = HexDigit(b & 0xF);
                    pos += 5;
                    break;
            }
            raw = raw[(special + 1)..];
        }
        raw.CopyTo(destination[pos..]);
        pos += raw.Length;
        destination[pos++] = (byte)'"';
        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteSqlStandard(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        destination[0] = (byte)'\'';
        var pos = 1;
        while (true)
        {
            var quote = raw.IndexOf((byte)'\'');
            if (quote < 0)
            {
                break;
            }
            raw[..(quote + 1)].CopyTo(destination[pos..]);
            pos += quote + 1;
            destination[pos++] = (byte)'\'';
            raw = raw[(quote + 1)..];
        }
        raw.CopyTo(destination[pos..]);
        pos += raw.Length;
        destination[pos++] = (byte)'\'';
        return pos;
    }

    private static int WriteSqlMySql(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        destination[0] = (byte)'\'';
        var pos = 1;
        while (true)
        {
            var special = raw.IndexOfAny(s_mySqlSpecial);
            if (special < 0)
            {
                break;
            }
            raw[..special].CopyTo(destination[pos..]);
            pos += special;
            var b = raw[special];
            switch (b)
            {
                case (byte)'\'':
                    destination[pos++] = (byte)'\'';
                    destination[pos++] = (byte)'\'';
                    break;
                case (byte)'\\':
                    destination[pos++] = (byte)'\\';
                    destination[pos++] = (byte)'\\';
                    break;
                case 0:
                    destination[pos++] = (byte)'\\';
                    destination[pos++] = (byte)'0';
                    break;
                default: // Ctrl-Z, which the Windows mysql client reads as end of file
                    destination[pos++] = (byte)'\\';
                    destination[pos++] = (byte)'Z';
                    break;
            }
            raw = raw[(special + 1)..];
        }
        raw.CopyTo(destination[pos..]);
        pos += raw.Length;
        destination[pos++] = (byte)'\'';
        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteXml(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var pos = 0;
        while (true)
        {
            var special = raw.IndexOfAny(s_xmlSpecial);
            if (special < 0)
            {
                break;
            }
            raw[..special].CopyTo(destination[pos..]);
            pos += special;
            var consumed = 1;
            switch (raw[special])
            {
                case (byte)'&':
                    "&amp;"u8.CopyTo(destination[pos..]);
                    pos += 5;
                    break;
                case (byte)'<':
                    "&lt;"u8.CopyTo(destination[pos..]);
                    pos += 4;
                    break;
                case (byte)'>':
                    "&gt;"u8.CopyTo(destination[pos..]);
                    pos += 4;
                    break;
                case (byte)'"':
                    "&quot;"u8.CopyTo(destination[pos..]);
                    pos += 6;
                    break;
                case (byte)'\'':
                    "&apos;"u8.CopyTo(destination[pos..]);
                    pos += 6;
                    break;
                case (byte)'\r':
                    // A literal CR would be normalised to LF by every XML parser.
                    "&#xD;"u8.CopyTo(destination[pos..]);
                    pos += 5;
                    break;
                case 0xEF:
                    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters; any other
                    // sequence starting with EF is ordinary text.
                    if (raw.Length - special >= 3 && raw[special + 1] == 0xBF && raw[special + 2] >= 0xBE)
                    {
                        "\uFFFD"u8.CopyTo(destination[pos..]);
                        pos += 3;
                        consumed = 3;
                    }
                    else
                    {
                        destination[pos++] = 0xEF;
                    }
                    break;
                default:
                    // Control characters other than tab and LF cannot appear in XML 1.0 at all,
                    // not even as character references; U+FFFD keeps the position visible.
                    "\uFFFD"u8.CopyTo(destination[pos..]);
                    pos += 3;
                    break;
            }
            raw = raw[(special + consumed)..];
        }
        raw.CopyTo(destination[pos..]);
        return pos + raw.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private static byte[] JsonSpecialBytes()
    {
        var bytes = new byte[34];
        for (var i = 0; i < 32; i++)
        {
            bytes[i] = (byte)i;
        }
        bytes[32] = (byte)'"';
        bytes[33] = (byte)'\\';
        return bytes;
    }

    private static byte[] XmlSpecialBytes()
    {
        var bytes = new List<byte> { (byte)'&', (byte)'<', (byte)'>', (byte)'"', (byte)'\'', (byte)'\r', 0xEF };
        for (var i = 0; i < 32; i++)
        {
            if (i is not '\t' and not '\n' and not '\r')
            {
                bytes.Add((byte)i);
            }
        }
        return bytes.ToArray();
    }
}
