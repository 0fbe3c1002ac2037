using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Formats column values as UTF-8 straight into a span, with the invariant culture and no
/// allocation. Every text format writes its values through here so that a number or an instant
/// reads the same in CSV, JSON, SQL and XML. Callers reserve the documented maximum length first;
/// the methods do not check room, and may leave scratch bytes within it after the text they return.
/// </summary>
public static class Utf8ValueWriter
{
    /// <summary>Longest <see cref="WriteInt64"/> output ("-9223372036854775808").</summary>
    public const int MaxInt64Length = 20;

    /// <summary>Longest shortest-round-trip double ("-2.2250738585072014E-308").</summary>
    public const int MaxShortestFloat64Length = 32;

    /// <summary>
    /// Longest <see cref="WriteTimestamp"/> output. Years past 9999 (or before year 0) need more
    /// than four digits; a <see cref="long"/> of microseconds reaches about ±292,000 years.
    /// </summary>
    public const int MaxTimestampLength = 32;

    /// <summary>Longest <see cref="WriteDate"/> output (an <see cref="int"/> of days reaches ±5.8 million years).</summary>
    public const int MaxDateLength = 16;

    /// <summary>Length of <see cref="WriteUuid"/> output.</summary>
    public const int UuidLength = 36;

    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerDay = 86_400 * MicrosPerSecond;

    // Below this magnitude a scaled double still has sub-unit precision and fits a long, so
    // rounding it and printing the integer gives the same text as exact decimal rounding would
    // for any value that was itself rounded to the column's decimals.
    private const double FastFixedLimit = 1e15;
    private const int MaxFastDecimals = 15;

    private static readonly double[] s_pow10Double =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private static readonly ulong[] s_pow10 =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL,
        1_000_000_000UL, 10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL,
        10_000_000_000_000UL, 100_000_000_000_000UL, 1_000_000_000_000_000UL,
    ];

    // "F0".."F99" built once: a format string made per call would allocate on the fallback path.
    private static readonly string[] s_fixedFormats = BuildFixedFormats(100);

    /// <summary>Longest <see cref="WriteFloat64"/> output for a column with <paramref name="decimals"/> (-1: shortest round-trip).</summary>
    public static int MaxFloat64Length(int decimals) =>
        decimals < 0 ? MaxShortestFloat64Length : 312 + decimals; // 309 integer digits, sign, point

    /// <summary>Writes <paramref name="value"/> in decimal; may use up to <see cref="MaxInt64Length"/> bytes of room beyond the text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteInt64(long value, Span<byte> destination)
    {
        var sign = value >> 63; // 0 or -1
        var magnitude = (ulong)((value ^ sign) - sign); // long.MinValue wraps to 2^63, still right as ulong
        if (magnitude < DigitWords.Limit && destination.Length >= MaxInt64Length)
        {
            // Sign written always and kept or overwritten: no branch on it.
            ref var start = ref MemoryMarshal.GetReference(destination);
            start = (byte)'-';
            var negative = (int)(sign & 1);
            var digits = DigitWords.Count((uint)magnitude);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, negative), DigitWords.EightDigits((uint)magnitude) >> (8 * (8 - digits)));
            return negative + digits;
        }
        return WriteLongInt64(value, destination);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteLongInt64(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    /// <summary>
    /// Writes a finite double: with <paramref name="decimals"/> ≥ 0 as fixed-point with exactly that
    /// many decimals, rounded half away from zero (never "-0.00": a value that rounds to zero prints
    /// unsigned); with -1 as the shortest text that parses back to the same double, laid out as
    /// .NET's "R" does (<see cref="RyuDouble"/>). Non-finite values are the caller's business (each
    /// format spells them differently).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int WriteFloat64(double value, int decimals, Span<byte> destination)
    {
        if (decimals < 0)
        {
            if (double.IsFinite(value))
            {
                return RyuDouble.Write(value, destination);
            }
            value.TryFormat(destination, out var special, "R", CultureInfo.InvariantCulture);
            return special;
        }

        if (decimals <= MaxFastDecimals && TryWriteFixed(value, decimals, s_pow10Double[decimals], destination, out var fixedLength))
        {
            return fixedLength;
        }

        var format = decimals < s_fixedFormats.Length ? s_fixedFormats[decimals] : "F" + decimals.ToString(CultureInfo.InvariantCulture);
        value.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Scale of a column with <paramref name="decimals"/> for <see cref="TryWriteFixed"/>, or 0 where that does not apply.</summary>
    public static double FixedScale(int decimals) => decimals is >= 0 and <= MaxFastDecimals ? s_pow10Double[decimals] : 0;

    /// <summary>
    /// <see cref="WriteFloat64"/> with fixed decimals for a caller that hoisted the column's
    /// <paramref name="scale"/> (<see cref="FixedScale"/>, not 0): false, writing nothing, for
    /// values it leaves to <see cref="WriteFloat64"/> (non-finite, or 10^15 and more once scaled).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryWriteFixed(double value, int decimals, double scale, Span<byte> destination, out int length)
    {
        var scaled = value * scale;
        if (!(Math.Abs(scaled) < FastFixedLimit))
        {
            length = 0;
            return false;
        }
        var rounded = (long)Math.Round(scaled, MidpointRounding.AwayFromZero);
        // Half the values of a signed column are negative, in no order: the sign is arithmetic, not a branch.
        var sign = rounded >> 63;
        var magnitude = (ulong)((rounded ^ sign) - sign);
        length = magnitude < DigitWords.Limit && decimals < 8 && destination.Length >= 18
            ? WriteScaledWord((uint)magnitude, (int)(sign & 1), decimals, destination)
            : WriteScaled(rounded, decimals, destination);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteBoolean(bool value, Span<byte> destination)
    {
        if (value)
        {
            "true"u8.CopyTo(destination);
            return 4;
        }
        "false"u8.CopyTo(destination);
        return 5;
    }

    /// <summary>
    /// Writes <c>yyyy-MM-dd{separator}HH:mm:ss</c>, then <c>.ffffff</c> only when the sub-second part
    /// is non-zero. ISO-8601 uses 'T' as separator; SQL literals use ' '. The instant is UTC and
    /// carries no offset suffix. Years outside 0000–9999 print with more digits and a '-' sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int WriteTimestamp(long micros, byte separator, Span<byte> destination)
    {
        var days = Math.DivRem(micros, MicrosPerDay, out var microsOfDay);
        if (microsOfDay < 0)
        {
            days--;
            microsOfDay += MicrosPerDay;
        }
        var pos = WriteCivilDate(days, destination);
        return pos + WriteTimeOfDay(microsOfDay, separator, destination[pos..]);
    }

    /// <summary><see cref="WriteTimestamp(long, byte, Span{byte})"/> with the date's text from a column's <paramref name="dates"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int WriteTimestamp(long micros, byte separator, Span<byte> destination, CivilDateCache dates)
    {
        var days = Math.DivRem(micros, MicrosPerDay, out var microsOfDay);
        if (microsOfDay < 0)
        {
            days--;
            microsOfDay += MicrosPerDay;
        }
        var pos = dates.Write(days, destination);
        return pos + WriteTimeOfDay(microsOfDay, separator, destination[pos..]);
    }

    // {separator}HH:mm:ss, then .ffffff only when the sub-second part is non-zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteTimeOfDay(long microsOfDay, byte separator, Span<byte> destination)
    {
        var pos = 0;
        var seconds = (int)(microsOfDay / MicrosPerSecond);
        var fraction = (int)(microsOfDay - seconds * MicrosPerSecond);
        var hours = seconds / 3600;
        var minutes = seconds / 60 % 60;

        destination[pos] = separator;
        WriteTwoDigits(hours, destination[(pos + 1)..]);
        destination[pos + 3] = (byte)':';
        WriteTwoDigits(minutes, destination[(pos + 4)..]);
        destination[pos + 6] = (byte)':';
        WriteTwoDigits(seconds % 60, destination[(pos + 7)..]);
        pos += 9;

        if (fraction != 0)
        {
            destination[pos] = (byte)'.';
            WriteFixedDigits((uint)fraction, 6, destination[(pos + 1)..]);
            pos += 7;
        }
        return pos;
    }

    /// <summary>Writes <c>yyyy-MM-dd</c> for a count of days since 1970-01-01.</summary>
    public static int WriteDate(int daysSinceEpoch, Span<byte> destination) => WriteCivilDate(daysSinceEpoch, destination);

    /// <summary>Writes the 36-character lowercase form (8-4-4-4-12).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteUuid(Guid value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written);
        return written;
    }

    /// <summary>
    /// Writes <paramref name="scaled"/> / 10^decimals with exactly that many decimals: the digits of
    /// the integer, two at a time from the right, with the point inserted (the hot path of every
    /// float column with fixed decimals).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteScaled(long scaled, int decimals, Span<byte> destination)
    {
        var negative = scaled < 0;
        var magnitude = (ulong)(negative ? -scaled : scaled); // |scaled| < 1e16: no overflow

        // The length is known first, so the digits go straight to their place, right to left.
        var integerDigits = Math.Max(1, CountDigits(magnitude) - decimals);
        var length = (negative ? 1 : 0) + integerDigits + (decimals == 0 ? 0 : decimals + 1);
        var pos = length;
        var pairs = DigitPairs;
        if (decimals > 0)
        {
            var d = decimals;
            for (; d >= 2; d -= 2)
            {
                var quotient = magnitude / 100;
                var pair = (int)(magnitude - quotient * 100) * 2;
                destination[--pos] = pairs[pair + 1];
                destination[--pos] = pairs[pair];
                magnitude = quotient;
            }
            if (d == 1)
            {
                var quotient = magnitude / 10;
                destination[--pos] = (byte)('0' + (int)(magnitude - quotient * 10));
                magnitude = quotient;
            }
            destination[--pos] = (byte)'.';
        }
        while (magnitude >= 100)
        {
            var quotient = magnitude / 100;
            var pair = (int)(magnitude - quotient * 100) * 2;
            pos -= 2;
            destination[pos] = pairs[pair];
            destination[pos + 1] = pairs[pair + 1];
            magnitude = quotient;
        }
        if (magnitude >= 10)
        {
            destination[--pos] = pairs[(int)magnitude * 2 + 1];
            destination[--pos] = pairs[(int)magnitude * 2];
        }
        else
        {
            destination[--pos] = (byte)('0' + (int)magnitude);
        }
        if (negative)
        {
            destination[0] = (byte)'-';
        }
        return length;
    }

    /// <summary>
    /// <see cref="WriteScaled"/> for magnitudes below 10^8 and at most 7 decimals, the common case:
    /// all eight digits in one word, stored twice (the integer digits, then the decimals after the
    /// point), each store overwriting the previous one's excess. Uses up to 18 bytes of room.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteScaledWord(uint magnitude, int pos, int decimals, Span<byte> destination)
    {
        ref var start = ref MemoryMarshal.GetReference(destination);
        start = (byte)'-'; // kept when pos is 1, overwritten when 0
        // max(count, decimals + 1), at least "0" before the point, without a branch that random lengths mispredict.
        var count = DigitWords.Count(magnitude);
        var shortfall = decimals + 1 - count;
        var digits = count + (shortfall & ~(shortfall >> 31));
        var word = DigitWords.EightDigits(magnitude);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, pos), word >> (8 * (8 - digits)));
        if (decimals == 0)
        {
            return pos + digits;
        }
        var point = pos + digits - decimals;
        Unsafe.Add(ref start, point) = (byte)'.';
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, point + 1), word >> (8 * (8 - decimals)));
        return pos + digits + 1;
    }

    /// <summary>Decimal digits of <paramref name="value"/> (1 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        var digits = 1;
        if (value >= 100_000_000)
        {
            digits += 8;
            value /= 100_000_000;
        }
        if (value >= 10_000)
        {
            digits += 4;
            value /= 10_000;
        }
        if (value >= 100)
        {
            digits += 2;
            value /= 100;
        }
        return value >= 10 ? digits + 1 : digits;
    }

    // Civil-from-days by Howard Hinnant (proleptic Gregorian, any year): no DateTime range
    // checks, no division by anything but constants.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int WriteCivilDate(long days, Span<byte> destination)
    {
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var dayOfEra = z - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var shiftedMonth = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        var month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        var year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        int pos;
        if (year is >= 0 and <= 9999)
        {
            WriteTwoDigits((int)year / 100, destination);
            WriteTwoDigits((int)year % 100, destination[2..]);
            pos = 4;
        }
        else
        {
            pos = 0;
            if (year < 0)
            {
                destination[0] = (byte)'-';
                pos = 1;
            }
            Utf8Formatter.TryFormat((ulong)Math.Abs(year), destination[pos..], out var digits, new System.Buffers.StandardFormat('D', 4));
            pos += digits;
        }

        destination[pos] = (byte)'-';
        WriteTwoDigits(month, destination[(pos + 1)..]);
        destination[pos + 3] = (byte)'-';
        WriteTwoDigits(day, destination[(pos + 4)..]);
        return pos + 6;
    }

    internal static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteTwoDigits(int value, Span<byte> destination)
    {
        // Two stores, not a two-byte copy (which is a call).
        var pairs = DigitPairs;
        destination[1] = pairs[value * 2 + 1];
        destination[0] = pairs[value * 2];
    }

    private static void WriteFixedDigits(ulong value, int digits, Span<byte> destination)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            var quotient = value / 10;
            destination[i] = (byte)('0' + (value - quotient * 10));
            value = quotient;
        }
    }

    private static string[] BuildFixedFormats(int count)
    {
        var formats = new string[count];
        for (var i = 0; i < count; i++)
        {
            formats[i] = "F" + i.ToString(CultureInfo.InvariantCulture);
        }
        return formats;
    }
}
