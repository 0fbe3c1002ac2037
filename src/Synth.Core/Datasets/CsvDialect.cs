using System.Text;

namespace Synth.Core.Datasets;

/// <summary>How an uploaded CSV is written: its encoding and field delimiter, detected from its first bytes.</summary>
public sealed record CsvDialect(Encoding Encoding, char Delimiter)
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>
    /// A byte-order mark decides the encoding; else valid UTF-8 is UTF-8 and anything else is read
    /// as Windows-1252's Latin-1 subset (every byte is a character, so nothing fails to decode).
    /// The delimiter is the candidate (, ; tab |) that splits the first lines, outside quotes, into
    /// the same number of fields most consistently, ties broken in that order.
    /// </summary>
    public static CsvDialect Detect(ReadOnlySpan<byte> head)
    {
        Encoding encoding;
        if (head.StartsWith("\xEF\xBB\xBF"u8)) encoding = new UTF8Encoding(false);
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) encoding = Encoding.Unicode;
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) encoding = Encoding.BigEndianUnicode;
        else encoding = IsUtf8(head) ? new UTF8Encoding(false) : Encoding.Latin1;
        var text = encoding.GetString(head);
        return new CsvDialect(encoding, DetectDelimiter(text));
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        // A multi-byte sequence cut at the end of the sample is not an error.
        var cut = bytes.Length;
        for (var back = 1; back <= 3 && back <= bytes.Length; back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0xC0)
            {
                cut = bytes.Length - back;
                break;
            }
            if ((b & 0x80) == 0) break;
        }
        return System.Text.Unicode.Utf8.IsValid(bytes[..cut]);
    }

    private static char DetectDelimiter(string text)
    {
        var lines = SplitLines(text).Take(20).ToList();
        if (lines.Count > 1 && !text.EndsWith('\n')) lines.RemoveAt(lines.Count - 1); // maybe cut short
        var best = ',';
        var bestScore = -1.0;
        foreach (var candidate in Candidates)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).ToList();
            if (counts.Count == 0 || counts[0] == 0) continue;
            // Consistency first (share of lines with the header's count), then more fields.
            var consistent = counts.Count(c => c == counts[0]) / (double)counts.Count;
            var score = consistent * 1000 + Math.Min(counts[0], 999);
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }
        return best;
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == '\n' && !quoted)
            {
                yield return text[start..i].TrimEnd('\r');
                start = i + 1;
            }
        }
        if (start < text.Length) yield return text[start..];
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == delimiter && !quoted) count++;
        }
        return count;
    }
}
