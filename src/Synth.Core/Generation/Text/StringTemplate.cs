using System.Text;

namespace Synth.Core.Generation.Text;

/// <summary>
/// A string pattern such as <c>ORD-{####}-{??}</c>: inside braces <c>#</c> is a digit, <c>?</c>
/// an upper-case letter, <c>*</c> a digit or upper-case letter, <c>!</c> a digit 2–9; everything
/// else is literal (<c>{{</c> and <c>}}</c> are literal braces). Locale formats from Bogus
/// (phone numbers, postcodes) are the same language without braces.
/// </summary>
public sealed class StringTemplate
{
    private static readonly byte[] Digits = "0123456789"u8.ToArray();
    private static readonly byte[] Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray();
    private static readonly byte[] Alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray();
    private static readonly byte[] HighDigits = "23456789"u8.ToArray();

    // Per position: a literal byte sequence (Alphabet null) or one random character from Alphabet.
    private readonly (byte[]? Literal, byte[]? Alphabet)[] _parts;

    private StringTemplate((byte[]?, byte[]?)[] parts)
    {
        _parts = parts;
        MaxLength = parts.Sum(p => p.Item1?.Length ?? 1);
        ulong domain = 1;
        foreach (var (_, alphabet) in parts)
        {
            if (alphabet is null) continue;
            domain = domain > ulong.MaxValue / (ulong)alphabet.Length ? ulong.MaxValue : domain * (ulong)alphabet.Length;
        }
        Domain = domain;
    }

    /// <summary>Longest output in bytes.</summary>
    public int MaxLength { get; }

    /// <summary>Number of distinct strings (saturates at ulong.MaxValue).</summary>
    public ulong Domain { get; }

    /// <summary>Returns a problem description, or null when the template is well formed.</summary>
    public static string? Validate(string template)
    {
        try
        {
            Parse(template);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    public static StringTemplate Parse(string template)
    {
        var parts = new List<(byte[]?, byte[]?)>();
        var literal = new StringBuilder();
        var inside = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (!inside && (c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }
            if (c == '{')
            {
                if (inside) throw new FormatException($"unexpected '{{' at position {i + 1} inside a placeholder");
                inside = true;
                continue;
            }
            if (c == '}')
            {
                if (!inside) throw new FormatException($"unmatched '}}' at position {i + 1} (write '}}}}' for a literal brace)");
                inside = false;
                continue;
            }
            if (inside)
            {
                var alphabet = AlphabetOf(c) ?? throw new FormatException($"'{c}' at position {i + 1} is not a placeholder character (# digit, ? letter, * digit or letter, ! digit 2-9)");
                Flush(literal, parts);
                parts.Add((null, alphabet));
            }
            else
            {
                literal.Append(c);
            }
        }
        if (inside) throw new FormatException("unclosed '{' placeholder");
        Flush(literal, parts);
        return new StringTemplate([.. parts]);
    }

    /// <summary>A Bogus locale format: every placeholder character is live, no braces.</summary>
    public static StringTemplate FromLocaleFormat(string format)
    {
        var parts = new List<(byte[]?, byte[]?)>();
        var literal = new StringBuilder();
        foreach (var c in format)
        {
            if (AlphabetOf(c) is { } alphabet)
            {
                Flush(literal, parts);
                parts.Add((null, alphabet));
            }
            else
            {
                literal.Append(c);
            }
        }
        Flush(literal, parts);
        return new StringTemplate([.. parts]);
    }

    private static byte[]? AlphabetOf(char c) => c switch
    {
        '#' => Digits,
        '?' => Letters,
        '*' => Alphanumerics,
        '!' => HighDigits,
        _ => null,
    };

    private static void Flush(StringBuilder literal, List<(byte[]?, byte[]?)> parts)
    {
        if (literal.Length == 0) return;
        parts.Add((Encoding.UTF8.GetBytes(literal.ToString()), null));
        literal.Clear();
    }

    /// <summary>Writes a random instance; <paramref name="bits"/> seeds the characters.</summary>
    public int WriteRandom(ulong bits, Span<byte> destination)
    {
        var n = 0;
        var draw = 0;
        var pool = bits;
        var left = 4; // 16 bits per character keeps the bias of the multiply-shift below 0.02 %.
        foreach (var (lit, alphabet) in _parts)
        {
            if (alphabet is null)
            {
                lit!.CopyTo(destination[n..]);
                n += lit!.Length;
                continue;
            }
            if (left == 0)
            {
                pool = Random.CounterRng.Draw(bits, ++draw);
                left = 4;
            }
            destination[n++] = alphabet[(int)((pool & 0xFFFF) * (ulong)alphabet.Length >> 16)];
            pool >>= 16;
            left--;
        }
        return n;
    }

    /// <summary>Writes the <paramref name="index"/>-th string of the domain (mixed radix, last placeholder fastest).</summary>
    public int WriteIndexed(ulong index, Span<byte> destination)
    {
        // Fill from the end so the least significant placeholder is the last character.
        var pos = MaxLength;
        for (var p = _parts.Length - 1; p >= 0; p--)
        {
            var (lit, alphabet) = _parts[p];
            if (alphabet is null)
            {
                pos -= lit!.Length;
                lit.CopyTo(destination[pos..]);
                continue;
            }
            var radix = (ulong)alphabet.Length;
            destination[--pos] = alphabet[(int)(index % radix)];
            index /= radix;
        }
        return MaxLength;
    }
}
