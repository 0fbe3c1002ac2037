using System.Buffers;
using System.Numerics;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Parquet's RLE/bit-packed hybrid encoding (Encodings.md), used for definition levels and
/// dictionary indices. Runs of 8 or more equal values become RLE runs; everything else is
/// bit-packed in groups of 8, least significant bit first.
/// </summary>
internal static class RleBitPackedHybrid
{
    /// <summary>Shorter repeats are cheaper inside a bit-packed run than as a run of their own.</summary>
    private const int MinRleRun = 8;

    /// <summary>Appends the encoded runs (no length prefix) of <paramref name="values"/> to <paramref name="output"/>.</summary>
    public static void Encode<T>(ReadOnlySpan<T> values, int bitWidth, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        var literalStart = 0;
        var i = 0;
        while (i < values.Length)
        {
            var run = values[i..].IndexOfAnyExcept(values[i]);
            if (run < 0)
            {
                run = values.Length - i;
            }

            if (run < MinRleRun)
            {
                i += run;
                continue;
            }

            // A bit-packed run holds whole groups of 8, so literals before this repeat borrow
            // its first values to fill their last group; the rest must still be worth an RLE run.
            var literals = i - literalStart;
            var pad = (8 - (literals & 7)) & 7;
            if (literals > 0)
            {
                if (run - pad < MinRleRun)
                {
                    i += run;
                    continue;
                }
                WriteBitPackedRun(values.Slice(literalStart, literals + pad), bitWidth, output);
                i += pad;
                run -= pad;
            }

            WriteRleRun(uint.CreateTruncating(values[i]), run, bitWidth, output);
            i += run;
            literalStart = i;
        }

        if (literalStart < values.Length)
        {
            // The last group is padded with zeros; readers stop at the value count they know.
            WriteBitPackedRun(values[literalStart..], bitWidth, output);
        }
    }

    /// <summary>Packs values LSB first with no run header, padding the last byte with zeros (PLAIN booleans use this directly).</summary>
    public static void BitPack<T>(ReadOnlySpan<T> values, int bitWidth, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        var byteCount = (int)(((long)values.Length * bitWidth + 7) / 8);
        var span = output.GetSpan(byteCount);
        var written = 0;
        ulong accumulator = 0;
        var bits = 0;
        foreach (var value in values)
        {
            accumulator |= (ulong)uint.CreateTruncating(value) << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                span[written++] = (byte)accumulator;
                accumulator >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0)
        {
            span[written++] = (byte)accumulator;
        }
        output.Advance(written);
    }

    private static void WriteBitPackedRun<T>(ReadOnlySpan<T> values, int bitWidth, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        var groups = (values.Length + 7) / 8;
        WriteVarint(((uint)groups << 1) | 1, output);
        BitPack(values, bitWidth, output);
        // A short final group still occupies bitWidth whole bytes on the wire.
        var packed = (values.Length * bitWidth + 7) / 8;
        var full = groups * bitWidth;
        if (full > packed)
        {
            output.GetSpan(full - packed)[..(full - packed)].Clear();
            output.Advance(full - packed);
        }
    }

    private static void WriteRleRun(uint value, int count, int bitWidth, IBufferWriter<byte> output)
    {
        WriteVarint((uint)count << 1, output);
        var width = (bitWidth + 7) / 8;
        var span = output.GetSpan(width);
        for (var b = 0; b < width; b++)
        {
            span[b] = (byte)(value >> (8 * b));
        }
        output.Advance(width);
    }

    private static void WriteVarint(uint value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        output.Advance(i);
    }

    /// <summary>Bits needed for indices 0..count-1; at least 1 so that no reader meets a zero width.</summary>
    public static int BitWidthFor(int count) => count <= 2 ? 1 : 32 - BitOperations.LeadingZeroCount((uint)(count - 1));
}
