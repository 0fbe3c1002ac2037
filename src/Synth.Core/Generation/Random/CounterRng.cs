using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Synth.Core.Generation.Random;

/// <summary>
/// Counter-based randomness: every value is a pure function of (seed, field, row, draw). No
/// generator state is carried from row to row, so any row (and so any shard of any size) can be
/// computed on its own, and output never depends on thread, batch or shard boundaries. The mixer
/// is SplitMix64's finaliser, which passes BigCrush as a counter-mode generator.
/// </summary>
public static class CounterRng
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private const ulong DrawStride = 0xD1B54A32D192ED03;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A stream key from the run seed and a name (field name, or a sub-stream such as "name/null").</summary>
    public static ulong Key(ulong seed, string name)
    {
        // FNV-1a: stable across processes and .NET versions, unlike string.GetHashCode.
        var h = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }
        return Mix(seed ^ Mix(h));
    }

    /// <summary>The first random 64 bits of <paramref name="row"/> in stream <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong At(ulong key, long row) => Mix(key + (ulong)row * Golden);

    /// <summary>Further draws for the same row: draw j ≥ 1 derived from the row's first bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Draw(ulong rowBits, int j) => Mix(rowBits + (ulong)j * DrawStride);

    /// <summary>A double strictly inside (0, 1), safe for inverse CDFs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Unit(ulong bits) => ((bits >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, n) without modulo bias worth worrying about (Lemire's multiply-shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Below(ulong bits, int n) => (int)(((bits >> 32) * (ulong)n) >> 32);

    /// <summary>
    /// <c>destination[i] = Unit(At(key, firstRow + i))</c> for a whole batch, eight rows at a time
    /// where the CPU has 512-bit vectors. Every step is exact integer arithmetic or an exact
    /// conversion, so the vector and scalar paths give identical bits on any machine.
    /// </summary>
    public static void FillUnit(ulong key, long firstRow, Span<double> destination)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && destination.Length >= Vector512<ulong>.Count)
        {
            var golden = Vector512.Create(Golden);
            var m1 = Vector512.Create(0xBF58476D1CE4E5B9UL);
            var m2 = Vector512.Create(0x94D049BB133111EBUL);
            var k = Vector512.Create(key);
            var rows = Vector512.Create((ulong)firstRow) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
            var step = Vector512.Create((ulong)Vector512<ulong>.Count);
            var half = Vector512.Create(0.5);
            var scale = Vector512.Create(1.0 / (1UL << 53));
            ref var target = ref MemoryMarshal.GetReference(destination);
            for (; i <= destination.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                var z = k + rows * golden;
                z = (z ^ Vector512.ShiftRightLogical(z, 30)) * m1;
                z = (z ^ Vector512.ShiftRightLogical(z, 27)) * m2;
                z ^= Vector512.ShiftRightLogical(z, 31);
                var u = (Vector512.ConvertToDouble(Vector512.ShiftRightLogical(z, 11)) + half) * scale;
                u.StoreUnsafe(ref target, (nuint)i);
                rows += step;
            }
        }
        for (; i < destination.Length; i++) destination[i] = Unit(At(key, firstRow + i));
    }
}
