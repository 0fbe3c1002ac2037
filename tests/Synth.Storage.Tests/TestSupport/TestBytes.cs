namespace Synth.Storage.Tests.TestSupport;

/// <summary>
/// Deterministic pseudo-random bytes addressable by position, so a test can write gigabytes on the
/// fly and later know what any byte range must hold without keeping the data: byte p of stream
/// <c>seed</c> is byte (p mod 8) of SplitMix64(seed, p / 8).
/// </summary>
internal static class TestBytes
{
    /// <summary>Bytes [0, length) of stream <paramref name="seed"/>.</summary>
    public static byte[] Of(int length, ulong seed = 1)
    {
        var bytes = new byte[length];
        Fill(bytes, 0, seed);
        return bytes;
    }

    /// <summary>Fills <paramref name="destination"/> with the bytes at [position, position + length) of stream <paramref name="seed"/>.</summary>
    public static void Fill(Span<byte> destination, long position, ulong seed)
    {
        var wordIndex = position >> 3;
        var word = Mix(seed, wordIndex);
        for (var i = 0; i < destination.Length; i++)
        {
            var p = position + i;
            if (p >> 3 != wordIndex)
            {
                wordIndex = p >> 3;
                word = Mix(seed, wordIndex);
            }

            destination[i] = (byte)(word >> (int)((p & 7) * 8));
        }
    }

    private static ulong Mix(ulong seed, long index)
    {
        var z = seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
