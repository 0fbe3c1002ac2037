using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Shortest round-trip text of a double by the Ryū algorithm (Ulf Adams, PLDI 2018), laid out
/// exactly like .NET's "R" format (<c>1.5E+300</c>, <c>1E-05</c>, <c>-0</c>, positional up to 17
/// integer digits). It measured about twice as fast as <c>double.TryFormat</c>, which goes through
/// a general digit buffer (and big-number arithmetic for some values); float columns without fixed
/// decimals are otherwise the slowest cells of every text format. The power-of-five tables are
/// computed once with <see cref="BigInteger"/> rather than pasted in as constants.
/// </summary>
internal static class RyuDouble
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InverseBitCount = 125;
    private const int Pow5BitCount = 125;
    private const int Pow5InverseTableSize = 342;
    private const int Pow5TableSize = 326;

    // Pairs (low, high) of 128-bit multipliers.
    private static readonly ulong[] s_pow5Inverse = BuildPow5Inverse();
    private static readonly ulong[] s_pow5 = BuildPow5();

    /// <summary>Writes a finite <paramref name="value"/>; the caller handles NaN and infinities.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Write(double value, Span<byte> destination)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var negative = (long)bits < 0;
        var ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        var ieeeExponent = (int)((bits >> MantissaBits) & 0x7FF);

        var pos = 0;
        if (negative)
        {
            destination[0] = (byte)'-';
            pos = 1;
        }
        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            destination[pos] = (byte)'0';
            return pos + 1;
        }

        var (digits, exponent) = Shortest(ieeeMantissa, ieeeExponent);
        var rest = destination[pos..];
        if (rest.Length >= PositionalRoom)
        {
            var positional = LayoutPositional(digits, exponent, rest);
            if (positional > 0)
            {
                return pos + positional;
            }
        }
        return pos + Layout(digits, exponent, rest);
    }

    /// <summary>Returns the shortest digits and the power of ten they are scaled by (value = digits × 10^exponent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (ulong Digits, int Exponent) Shortest(ulong ieeeMantissa, int ieeeExponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }
        var acceptBounds = (m2 & 1) == 0;

        // The interval of values that round to this double is [mm, mp] around mv, all scaled by 4.
        var mv = 4 * m2;
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;

        ulong vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            var q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            var k = Pow5InverseBitCount + Pow5Bits(q) - 1;
            var i = -e2 + q + k;
            vr = MulShiftAll(m2, s_pow5Inverse, q, i, out vp, out vm, mmShift);
            if (q <= 21)
            {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                }
                else
                {
                    vp -= MultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
                }
            }
        }
        else
        {
            var q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5BitCount;
            var j = q - k;
            vr = MulShiftAll(m2, s_pow5, i, j, out vp, out vm, mmShift);
            if (q <= 1)
            {
                // mv has at least q trailing zero bits, so vr is an exact multiple of 10^q.
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    --vp;
                }
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = MultipleOfPowerOf2(mv, q);
            }
        }

        // Remove digits while the interval still contains a shorter number.
        var removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // Rare general case.
            var lastRemovedDigit = 0UL;
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vr % 10;
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
            {
                lastRemovedDigit = 4; // exactly halfway: round to even
            }
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            // Common case: no trailing zeros to track.
            var roundUp = false;
            if (vp / 100 > vm / 100)
            {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10)
            {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }
        return (output, e10 + removed);
    }

    /// <summary>Room <see cref="LayoutPositional"/> needs: it stores whole 8-byte words past the text.</summary>
    private const int PositionalRoom = 48;

    // .NET's "R" layout: positional for decimal exponents -5 < e < 17, otherwise d.dddE±XX.
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Layout(ulong digits, int exponent, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[20];
        var start = buffer.Length;
        var rest = digits;
        var pairs = Utf8ValueWriter.DigitPairs;
        while (rest >= 100)
        {
            var quotient = rest / 100;
            var pair = (int)(rest - quotient * 100) * 2;
            buffer[--start] = pairs[pair + 1];
            buffer[--start] = pairs[pair];
            rest = quotient;
        }
        if (rest >= 10)
        {
            buffer[--start] = pairs[(int)rest * 2 + 1];
            buffer[--start] = pairs[(int)rest * 2];
        }
        else
        {
            buffer[--start] = (byte)('0' + rest);
        }
        var text = buffer[start..];
        var length = text.Length;
        var scientific = exponent + length - 1;

        if (scientific is > -5 and < 17)
        {
            if (scientific >= 0)
            {
                var integerDigits = scientific + 1;
                if (length <= integerDigits)
                {
                    text.CopyTo(destination);
                    destination.Slice(length, integerDigits - length).Fill((byte)'0');
                    return integerDigits;
                }
                text[..integerDigits].CopyTo(destination);
                destination[integerDigits] = (byte)'.';
                text[integerDigits..].CopyTo(destination[(integerDigits + 1)..]);
                return length + 1;
            }

            var zeros = -scientific - 1;
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, zeros).Fill((byte)'0');
            text.CopyTo(destination[(2 + zeros)..]);
            return 2 + zeros + length;
        }

        destination[0] = text[0];
        var pos = 1;
        if (length > 1)
        {
            destination[1] = (byte)'.';
            text[1..].CopyTo(destination[2..]);
            pos = length + 1;
        }
        destination[pos++] = (byte)'E';
        destination[pos++] = scientific < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(scientific);
        if (magnitude >= 100)
        {
            destination[pos++] = (byte)('0' + magnitude / 100);
            magnitude %= 100;
        }
        destination[pos] = (byte)('0' + magnitude / 10);
        destination[pos + 1] = (byte)('0' + magnitude % 10);
        return pos + 2;
    }

    /// <summary>
    /// The positional layouts (nearly every value a column holds), or 0 for the scientific one. The
    /// digits are made eight at a time (<see cref="DigitWords"/>) into three words of a scratch
    /// buffer followed by ASCII zeros, and moved to <paramref name="destination"/> in whole words:
    /// no digit loop whose length varies from value to value, no copy of a variable length. It
    /// writes up to <see cref="PositionalRoom"/> bytes; those past the returned length are scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LayoutPositional(ulong digits, int exponent, Span<byte> destination)
    {
        if (digits >= 100_000_000_000_000_000UL)
        {
            return 0; // never from Shortest: a double has at most 17 significant digits
        }
        const ulong Zeros = 0x3030_3030_3030_3030UL;
        var top = digits / 10_000_000_000_000_000UL; // 0..9: the 17th digit
        var rest = digits - top * 10_000_000_000_000_000UL;
        var high = (uint)(rest / DigitWords.Limit);
        var low = (uint)(rest - (ulong)high * DigitWords.Limit);
        var length = top != 0 ? 17 : high != 0 ? 8 + DigitWords.Count(high) : DigitWords.Count(low);
        var scientific = exponent + length - 1;
        if (scientific is <= -5 or >= 17)
        {
            return 0;
        }

        // Digits right-aligned to byte 24, then ASCII zeros: the text is scratch[24 - length .. 24).
        // It is read back as whole aligned words shifted into place in registers: a read across two
        // of these stores would stall the CPU (no store-to-load forwarding) on every value.
        var scratch = new DigitScratch
        {
            Top = Zeros | (top << 56),
            High = DigitWords.EightDigits(high),
            Low = DigitWords.EightDigits(low),
            Pad0 = Zeros,
            Pad1 = Zeros,
            Pad2 = Zeros,
        };
        ref var words = ref scratch.Top;
        ref var output = ref MemoryMarshal.GetReference(destination);
        var textStart = 24 - length;

        if (scientific >= 0)
        {
            var integerDigits = scientific + 1;
            // The integer part; when it is longer than the digits, the zeros after them in scratch.
            Store24(ref words, textStart, ref output);
            if (length <= integerDigits)
            {
                return integerDigits;
            }
            Unsafe.Add(ref output, integerDigits) = (byte)'.';
            Store16(ref words, textStart + integerDigits, ref Unsafe.Add(ref output, integerDigits + 1));
            return length + 1;
        }

        // 0.000ddd: "0." and up to three zeros, then the digits.
        var zeros = -scientific - 1;
        Unsafe.WriteUnaligned(ref output, (Zeros & ~0xFF00UL) | ((ulong)'.' << 8));
        Store24(ref words, textStart, ref Unsafe.Add(ref output, 2 + zeros));
        return 2 + zeros + length;
    }

    // Stores the 24 scratch bytes from byte offset `from` (below 24) of `words` at `destination`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store24(ref ulong words, int from, ref byte destination)
    {
        ref var w = ref Unsafe.Add(ref words, from >> 3);
        var bits = (from & 7) * 8;
        Unsafe.WriteUnaligned(ref destination, Funnel(w, Unsafe.Add(ref w, 1), bits));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 8), Funnel(Unsafe.Add(ref w, 1), Unsafe.Add(ref w, 2), bits));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 16), Funnel(Unsafe.Add(ref w, 2), Unsafe.Add(ref w, 3), bits));
    }

    // Stores the 16 scratch bytes from byte offset `from` (below 24) of `words` at `destination`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store16(ref ulong words, int from, ref byte destination)
    {
        ref var w = ref Unsafe.Add(ref words, from >> 3);
        var bits = (from & 7) * 8;
        Unsafe.WriteUnaligned(ref destination, Funnel(w, Unsafe.Add(ref w, 1), bits));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 8), Funnel(Unsafe.Add(ref w, 1), Unsafe.Add(ref w, 2), bits));
    }

    // The 8 bytes starting `bits / 8` bytes into the little-endian pair (low, high); bits is 0..56.
    // (high << 1 << 63 - bits) is high << (64 - bits), and 0 when bits is 0, where a shift by 64 is not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Funnel(ulong low, ulong high, int bits) => (low >> bits) | ((high << 1) << (63 - bits));

    // Six words in a row on the stack (a struct rather than stackalloc: no stack-guard check per value).
    [StructLayout(LayoutKind.Sequential)]
    private struct DigitScratch
    {
        public ulong Top;
        public ulong High;
        public ulong Low;
        public ulong Pad0;
        public ulong Pad1;
        public ulong Pad2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulShiftAll(ulong m, ulong[] table, int index, int shift, out ulong vp, out ulong vm, uint mmShift)
    {
        var low = table[2 * index];
        var high = table[2 * index + 1];
        vp = MulShift(4 * m + 2, low, high, shift);
        vm = MulShift(4 * m - 1 - mmShift, low, high, shift);
        return MulShift(4 * m, low, high, shift);
    }

    // (m × (high·2^64 + low)) >> shift, for 64 < shift < 128.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulShift(ulong m, ulong low, ulong high, int shift)
    {
        var b0High = Math.BigMul(m, low, out _);
        var b2High = Math.BigMul(m, high, out var b2Low);
        var sumLow = b0High + b2Low;
        var sumHigh = b2High + (sumLow < b0High ? 1UL : 0UL);
        var distance = shift - 64;
        return (sumHigh << (64 - distance)) | (sumLow >> distance);
    }

    private static bool MultipleOfPowerOf5(ulong value, int power)
    {
        var count = 0;
        while (value % 5 == 0)
        {
            value /= 5;
            count++;
        }
        return count >= power;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MultipleOfPowerOf2(ulong value, int power) => (value & ((1UL << power) - 1)) == 0;

    // ceil(log2(5^e)) for 0 < e ≤ 3528, and 1 for e = 0.
    private static int Pow5Bits(int e) => (int)(((uint)e * 1_217_359) >> 19) + 1;

    // floor(log10(2^e)) for 0 ≤ e ≤ 1650.
    private static int Log10Pow2(int e) => (int)(((uint)e * 78_913) >> 18);

    // floor(log10(5^e)) for 0 ≤ e ≤ 2620.
    private static int Log10Pow5(int e) => (int)(((uint)e * 732_923) >> 20);

    private static ulong[] BuildPow5Inverse()
    {
        var table = new ulong[2 * Pow5InverseTableSize];
        for (var q = 0; q < Pow5InverseTableSize; q++)
        {
            var pow5 = BigInteger.Pow(5, q);
            var shift = (int)pow5.GetBitLength() - 1 + Pow5InverseBitCount;
            Store(table, q, (BigInteger.One << shift) / pow5 + 1);
        }
        return table;
    }

    private static ulong[] BuildPow5()
    {
        var table = new ulong[2 * Pow5TableSize];
        for (var i = 0; i < Pow5TableSize; i++)
        {
            var pow5 = BigInteger.Pow(5, i);
            var excess = (int)pow5.GetBitLength() - Pow5BitCount;
            Store(table, i, excess >= 0 ? pow5 >> excess : pow5 << -excess);
        }
        return table;
    }

    private static void Store(ulong[] table, int index, BigInteger value)
    {
        table[2 * index] = (ulong)(value & ulong.MaxValue);
        table[2 * index + 1] = (ulong)(value >> 64);
    }
}
