using System.Numerics;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Decimal digits of small integers without a branch per digit. Generated numbers have random
/// lengths and signs, so a digit loop mispredicts on nearly every value (≈ 15 cycles each); these
/// compute all eight digits of a number below 10^8 at once in one 64-bit word (SWAR) and the
/// length from the position of the highest set bit, and the caller stores the word whole.
/// </summary>
internal static class DigitWords
{
    /// <summary>Numbers below this fit one word of <see cref="EightDigits"/>.</summary>
    public const uint Limit = 100_000_000;

    // Entry j: for numbers whose highest set bit is j, (digits of 2^j) << 32, plus 2^32 - 10^digits
    // when 10^digits fits 32 bits, so that adding the number carries into the high half exactly
    // when it has one digit more than 2^j (Lemire's digit count).
    private static readonly ulong[] s_digitCountTable = BuildDigitCountTable();

    /// <summary>
    /// The eight decimal digits of <paramref name="value"/> (below 10^8, leading zeros included) as
    /// ASCII, the most significant digit in the lowest byte: stored little-endian, the word reads
    /// in order. <c>word &gt;&gt; 8 * (8 - n)</c> keeps the last n digits in the low n bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EightDigits(uint value)
    {
        // Split in lanes: 8 digits -> two 4-digit 32-bit lanes -> four 2-digit 16-bit lanes -> eight
        // 1-digit bytes; each split divides every lane at once by a multiply-shift that is exact in
        // its range (x / 100 = x * 5243 >> 19 below 10^4, x / 10 = x * 103 >> 10 below 100) and whose
        // products stay inside their lane.
        var high = value / 10_000;
        ulong x = high | ((ulong)(value - high * 10_000) << 32);
        var q = ((x * 5243) >> 19) & 0x0000_007F_0000_007FUL;
        x = q | ((x - q * 100) << 16);
        q = ((x * 103) >> 10) & 0x000F_000F_000F_000FUL;
        x = q | ((x - q * 10) << 8);
        return x | 0x3030_3030_3030_3030UL;
    }

    /// <summary>Decimal digits of <paramref name="value"/> (1 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(uint value) =>
        (int)((value + s_digitCountTable[BitOperations.Log2(value)]) >> 32);

    private static ulong[] BuildDigitCountTable()
    {
        var table = new ulong[32];
        for (var j = 0; j < 32; j++)
        {
            var smallest = 1UL << j;
            var digits = smallest.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            var next = (ulong)Math.Pow(10, digits);
            table[j] = ((ulong)digits << 32) + (next <= uint.MaxValue ? (1UL << 32) - next : 0);
        }
        return table;
    }
}
