using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Parquet's DELTA_BINARY_PACKED encoding of INT32/INT64 values: the first value, then blocks of
/// 128 deltas, each block as its smallest delta and four miniblocks of 32 (delta − smallest)
/// bit-packed at the miniblock's own width. Random integers in [0, 10^6] take about 21 bits
/// instead of PLAIN's 64, and sorted keys a handful; encoding costs a subtraction, a minimum and
/// a shift per value. Deltas wrap in the physical type's width, as the format says.
/// </summary>
internal static class DeltaBinaryPacked
{
    private const int BlockSize = 128;
    private const int MiniblocksPerBlock = 4;
    private const int MiniblockSize = BlockSize / MiniblocksPerBlock;

    /// <summary>Worst case bytes for <paramref name="count"/> values of <paramref name="bits"/> bits (header, per block its minimum, widths and full-width miniblocks).</summary>
    private static int MaxLength(int count, int bits) =>
        4 * 10 + (count / BlockSize + 1) * (10 + MiniblocksPerBlock + BlockSize * bits / 8);

    public static void Encode<T>(ReadOnlySpan<T> values, IBufferWriter<byte> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var bits = System.Runtime.CompilerServices.Unsafe.SizeOf<T>() * 8;
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        var destination = output.GetSpan(MaxLength(values.Length, bits));
        var pos = 0;
        pos += WriteVarint((ulong)BlockSize, destination[pos..]);
        pos += WriteVarint(MiniblocksPerBlock, destination[pos..]);
        pos += WriteVarint((ulong)values.Length, destination[pos..]);
        pos += WriteVarint(ZigZag(values.IsEmpty ? 0 : long.CreateTruncating(values[0])), destination[pos..]);

        Span<T> deltas = stackalloc T[BlockSize];
        Span<ulong> packed = stackalloc ulong[BlockSize];
        for (var start = 1; start < values.Length; start += BlockSize)
        {
            var n = Math.Min(BlockSize, values.Length - start);
            var min = T.MaxValue;
            if (typeof(T) == typeof(long) && n == BlockSize && Vector512.IsHardwareAccelerated)
            {
                // Int64 columns, a whole block: the same wrapping subtractions and minimum, eight at a time.
                min = T.CreateTruncating(Int64Deltas(MemoryMarshal.Cast<T, long>(values.Slice(start - 1, BlockSize + 1)), MemoryMarshal.Cast<T, long>(deltas)));
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    // Wrapping subtraction in T's width (IBinaryInteger operators are unchecked here).
                    var delta = unchecked(values[start + i] - values[start + i - 1]);
                    deltas[i] = delta;
                    min = T.Min(min, delta);
                }
            }
            pos += WriteVarint(ZigZag(long.CreateTruncating(min)), destination[pos..]);
            var widthsAt = pos;
            pos += MiniblocksPerBlock;
            for (var m = 0; m < MiniblocksPerBlock; m++)
            {
                var first = m * MiniblockSize;
                if (first >= n)
                {
                    // Miniblocks past the last value: width 0 and no bytes.
                    destination[widthsAt + m] = 0;
                    continue;
                }
                var count = Math.Min(MiniblockSize, n - first);
                ulong any = 0;
                var i = 0;
                if (typeof(T) == typeof(long) && Vector512.IsHardwareAccelerated)
                {
                    // Int64: the same wrapping subtraction, eight at a time (the mask is all ones).
                    var from = MemoryMarshal.Cast<T, long>(deltas.Slice(first, count));
                    var to = MemoryMarshal.Cast<ulong, long>(packed);
                    var least = Vector512.Create(long.CreateTruncating(min));
                    var ored = Vector512<long>.Zero;
                    for (; i <= count - Vector512<long>.Count; i += Vector512<long>.Count)
                    {
                        var u = Vector512.Create(from.Slice(i, Vector512<long>.Count)) - least;
                        u.CopyTo(to[i..]);
                        ored |= u;
                    }
                    any = (ulong)(ored.GetElement(0) | ored.GetElement(1) | ored.GetElement(2) | ored.GetElement(3)
                        | ored.GetElement(4) | ored.GetElement(5) | ored.GetElement(6) | ored.GetElement(7));
                }
                for (; i < count; i++)
                {
                    var u = ulong.CreateTruncating(unchecked(deltas[first + i] - min)) & mask;
                    packed[i] = u;
                    any |= u;
                }
                // The last miniblock is padded to 32 values with zeros.
                packed[count..MiniblockSize].Clear();
                var width = 64 - BitOperations.LeadingZeroCount(any);
                destination[widthsAt + m] = (byte)width;
                pos += Pack(packed[..MiniblockSize], width, destination[pos..]);
            }
        }
        output.Advance(pos);
    }

    /// <summary>deltas[i] = values[i + 1] - values[i] (wrapping) for a whole block; returns the smallest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Int64Deltas(ReadOnlySpan<long> values, Span<long> deltas)
    {
        ref var from = ref MemoryMarshal.GetReference(values);
        ref var to = ref MemoryMarshal.GetReference(deltas);
        var min = Vector512.Create(long.MaxValue);
        for (var i = 0; i < BlockSize; i += Vector512<long>.Count)
        {
            var delta = Vector512.LoadUnsafe(ref from, (nuint)i + 1) - Vector512.LoadUnsafe(ref from, (nuint)i);
            delta.StoreUnsafe(ref to, (nuint)i);
            min = Vector512.Min(min, delta);
        }
        var smallest = long.MaxValue;
        for (var lane = 0; lane < Vector512<long>.Count; lane++) smallest = Math.Min(smallest, min.GetElement(lane));
        return smallest;
    }

    /// <summary>Packs 32 values of <paramref name="width"/> bits, least significant bit first; returns 4 × width bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Pack(ReadOnlySpan<ulong> values, int width, Span<byte> destination)
    {
        if (width == 0) return 0;
        var pos = 0;
        ulong buffer = 0;
        var filled = 0;
        foreach (var value in values)
        {
            buffer |= value << filled;
            if (filled + width >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[pos..], buffer);
                pos += 8;
                // What did not fit; a shift by 64 would be a shift by 0, hence the test.
                buffer = filled == 0 ? 0 : value >> (64 - filled);
                filled = filled + width - 64;
            }
            else
            {
                filled += width;
            }
        }
        // 32 × width bits end on a byte boundary: the rest is whole bytes.
        for (; filled > 0; filled -= 8, buffer >>= 8) destination[pos++] = (byte)buffer;
        return pos;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static int WriteVarint(ulong value, Span<byte> destination)
    {
        var pos = 0;
        while (value >= 0x80)
        {
            destination[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[pos++] = (byte)value;
        return pos;
    }
}
