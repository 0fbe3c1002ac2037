using System.Globalization;
using System.Text;

namespace Synth.Core.Datasets;

/// <summary>
/// Reads a column's form (<see cref="ColumnForm"/>) off its values: the decimals of real numbers, the
/// format and offset of datetimes, the shape of identifiers. The private domain derivation uses the
/// per-value parts (<see cref="DecimalsOf"/>, <see cref="FormatOf"/>) as histograms over public candidates.
/// </summary>
public static class ColumnFormProfiler
{
    /// <summary>The most decimals a form keeps (beyond, a double's digits are noise).</summary>
    public const int MaxDecimals = 12;

    /// <summary>
    /// The datetime formats recognised, most specific first: a value takes the first one that reads it
    /// exactly. Public: the private derivation chooses among them.
    /// </summary>
    public static IReadOnlyList<string> DateFormats { get; } =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.fffzzz",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.fff",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.fff",
        "yyyy-MM-dd HH:mm:sszzz",
        "yyyy-MM-dd HH:mm",
        "yyyy/MM/dd",
        "yyyy/MM/dd HH:mm:ss",
        "dd.MM.yyyy",
        "dd/MM/yyyy",
        "MM/dd/yyyy",
        "yyyyMMdd",
    ];

    /// <summary>The form of a column of <paramref name="kind"/>; null when the default form fits (or nothing is known).</summary>
    public static ColumnForm? Infer(ColumnKind kind, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return kind switch
        {
            ColumnKind.Continuous => new ColumnForm { Decimals = values.Where(v => v is not null).Select(v => DecimalsOf(v!)).DefaultIfEmpty(-1).Max() is var d and >= 0 ? d : null },
            ColumnKind.Datetime => DateForm(values),
            ColumnKind.Identifier => IdentifierShape(values) is { } pattern ? new ColumnForm { Pattern = pattern } : null,
            _ => null,
        } is { } form && form != new ColumnForm() ? form : null;
    }

    /// <summary>Digits after the decimal point as written ("12.50" → 2, "7" → 0); -1 for exponent notation or text.</summary>
    public static int DecimalsOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('e', 'E') >= 0) return -1;
        var point = value.IndexOf('.', StringComparison.Ordinal);
        return point < 0 ? 0 : Math.Min(MaxDecimals, value.Length - point - 1);
    }

    /// <summary>The index in <see cref="DateFormats"/> of the first format that reads <paramref name="value"/> exactly; -1 if none.</summary>
    public static int FormatOf(string value)
    {
        for (var i = 0; i < DateFormats.Count; i++)
        {
            if (TryParseExact(value, DateFormats[i], out _)) return i;
        }
        return -1;
    }

    /// <summary>Reads a datetime in <paramref name="format"/> as a UTC instant (no zone in the text: taken as UTC).</summary>
    public static bool TryParseExact(string value, string format, out DateTime utc) =>
        DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);

    /// <summary>Whether the format writes a UTC offset (so the form needs <see cref="ColumnForm.Offset"/>).</summary>
    public static bool HasOffset(string format) => format.Contains('z', StringComparison.Ordinal) || format.Contains('K', StringComparison.Ordinal);

    /// <summary>An offset as the form writes it ("+02:00", "-05:30").</summary>
    public static string OffsetText(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads <see cref="ColumnForm.Offset"/>; false when it is not ±hh:mm within ±14 h.</summary>
    public static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        if (text is null || text.Length != 6 || (text[0] != '+' && text[0] != '-')) return false;
        if (!TimeSpan.TryParseExact(text[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var magnitude) || magnitude > TimeSpan.FromHours(14)) return false;
        offset = text[0] == '-' ? -magnitude : magnitude;
        return true;
    }

    private static ColumnForm? DateForm(string?[] values)
    {
        var present = values.Where(v => v is not null).Select(v => v!).ToList();
        if (present.Count == 0) return null;
        var format = DateFormats.FirstOrDefault(f => present.All(v => TryParseExact(v, f, out _)));
        if (format is null) return null;
        if (!HasOffset(format)) return new ColumnForm { Format = format };
        // The commonest offset (ties: the smallest): one convention for the whole column.
        var offset = present.Select(v => DateTimeOffset.TryParseExact(v, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var o) ? o.Offset : TimeSpan.Zero)
            .GroupBy(o => o).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return new ColumnForm { Format = format, Offset = OffsetText(offset) };
    }

    /// <summary>
    /// The shape of the commonest length of value: positions that hold the same letter or symbol in
    /// every value are literal; others (digits always) the narrowest class that covers them, N for the
    /// first digit of a run when it is never 0. Null when nothing is present.
    /// </summary>
    internal static string? IdentifierShape(string?[] values)
    {
        var present = values.Where(v => v is not null).Select(v => v!).ToList();
        if (present.Count == 0) return null;
        var length = present.GroupBy(v => v.Length).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        if (length == 0) return null;
        var shaped = present.Where(v => v.Length == length).ToList();
        var pattern = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var first = shaped[0][i];
            bool same = true, digit = false, zero = false, upper = false, lower = false, other = false;
            foreach (var v in shaped)
            {
                var c = v[i];
                same &= c == first;
                if (char.IsAsciiDigit(c))
                {
                    digit = true;
                    zero |= c == '0';
                }
                else if (char.IsAsciiLetterUpper(c)) upper = true;
                else if (char.IsAsciiLetterLower(c)) lower = true;
                else other = true;
            }
            if (same && !digit)
            {
                if ("#NAaXx*\\".Contains(first, StringComparison.Ordinal)) pattern.Append('\\');
                pattern.Append(first);
                continue;
            }
            // N (1-9) only leads a run of digits: a number's first digit, never a zero that was never seen there.
            var leads = pattern.Length == 0 || pattern[^1] is not ('#' or 'N');
            pattern.Append((digit, upper, lower, other) switch
            {
                (true, false, false, false) => zero || !leads ? '#' : 'N',
                (false, true, false, false) => 'A',
                (false, false, true, false) => 'a',
                (_, true, false, false) => 'X',
                (_, false, true, false) => 'x',
                _ => '*',
            });
        }
        var text = pattern.ToString();
        // A shape without a variable position (one value repeated) cannot give unique identifiers.
        return text.Any(c => "#NAaXx*".Contains(c, StringComparison.Ordinal)) && !IsAllEscaped(text) ? text : null;
    }

    private static bool IsAllEscaped(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') i++;
            else if ("#NAaXx*".Contains(pattern[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
