namespace Synth.Core.Output.Zip;

/// <summary>
/// The CRC-32 (zip and gzip's) of a concatenation, from the CRCs and lengths of its pieces: a zip
/// entry made of shards generated on different machines gets its checksum without its bytes.
/// </summary>
/// <remarks>
/// A CRC is a remainder of polynomials over GF(2), so the CRC of A·B is crc(A) multiplied by
/// x^(8·|B|) modulo the CRC polynomial, plus crc(B) (the pre- and post-inversions cancel). Powers of
/// x are taken by repeated squaring, so combining costs O(log |B|) whatever the lengths.
/// </remarks>
public static class Crc32Combine
{
    // The polynomial in the reflected bit order CRC-32 uses: bit 31 is the coefficient of x^0.
    private const uint Polynomial = 0xEDB88320;
    private const uint XToThe0 = 0x80000000;

    // SquaredPowers[k] = x^(2^k) mod P, for every k a 64-bit bit count can need.
    private static readonly uint[] SquaredPowers = CreateSquaredPowers();

    /// <summary>The CRC-32 of A·B given crc(A), crc(B) and |B| in bytes.</summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(XToThe8N(secondLength), first) ^ second;
    }

    /// <summary>x^(8n) mod P.</summary>
    private static uint XToThe8N(long n)
    {
        var power = XToThe0;
        // 8n = n · 2^3: walk n's bits from the fourth squared power up.
        for (var k = 3; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0) power = Multiply(SquaredPowers[k], power);
        }
        return power;
    }

    /// <summary>a · b mod P, both in the reflected order.</summary>
    private static uint Multiply(uint a, uint b)
    {
        uint product = 0;
        for (var bit = XToThe0; a != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
            {
                product ^= b;
                a ^= bit;
            }
            // b ← b · x mod P.
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    private static uint[] CreateSquaredPowers()
    {
        var powers = new uint[67];
        powers[0] = XToThe0 >> 1; // x^1
        for (var k = 1; k < powers.Length; k++) powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        return powers;
    }
}
