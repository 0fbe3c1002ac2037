using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// The loops every node shares: an operation over whole spans (SIMD where the operation has a
/// vector form), null-mask merging, and the check that turns NaN/±∞ into nulls. Inputs and
/// the result may be the same span; every element is read before it is written.
/// </summary>
internal static class BatchMath
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp>(Span<double> values)
        where TOp : struct, IUnaryOp
    {
        var i = 0;
        if (TOp.IsVectorized && Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] = TOp.Apply(vectors[v]);
            }
            i = vectors.Length * Vector<double>.Count;
        }
        for (; i < values.Length; i++)
        {
            values[i] = TOp.Apply(values[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp>(ReadOnlySpan<double> left, ReadOnlySpan<double> right, Span<double> result)
        where TOp : struct, IBinaryOp
    {
        var i = 0;
        if (TOp.IsVectorized && Vector.IsHardwareAccelerated)
        {
            var l = MemoryMarshal.Cast<double, Vector<double>>(left);
            var r = MemoryMarshal.Cast<double, Vector<double>>(right);
            var d = MemoryMarshal.Cast<double, Vector<double>>(result);
            for (var v = 0; v < d.Length; v++)
            {
                d[v] = TOp.Apply(l[v], r[v]);
            }
            i = d.Length * Vector<double>.Count;
        }
        for (; i < result.Length; i++)
        {
            result[i] = TOp.Apply(left[i], right[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp>(ReadOnlySpan<double> left, double right, Span<double> result)
        where TOp : struct, IBinaryOp
    {
        var i = 0;
        if (TOp.IsVectorized && Vector.IsHardwareAccelerated)
        {
            var l = MemoryMarshal.Cast<double, Vector<double>>(left);
            var r = new Vector<double>(right);
            var d = MemoryMarshal.Cast<double, Vector<double>>(result);
            for (var v = 0; v < d.Length; v++)
            {
                d[v] = TOp.Apply(l[v], r);
            }
            i = d.Length * Vector<double>.Count;
        }
        for (; i < result.Length; i++)
        {
            result[i] = TOp.Apply(left[i], right);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp>(double left, ReadOnlySpan<double> right, Span<double> result)
        where TOp : struct, IBinaryOp
    {
        var i = 0;
        if (TOp.IsVectorized && Vector.IsHardwareAccelerated)
        {
            var l = new Vector<double>(left);
            var r = MemoryMarshal.Cast<double, Vector<double>>(right);
            var d = MemoryMarshal.Cast<double, Vector<double>>(result);
            for (var v = 0; v < d.Length; v++)
            {
                d[v] = TOp.Apply(l, r[v]);
            }
            i = d.Length * Vector<double>.Count;
        }
        for (; i < result.Length; i++)
        {
            result[i] = TOp.Apply(left, right[i]);
        }
    }

    /// <summary>result[i] = condition[i] != 0 ? whenTrue[i] : whenFalse[i].</summary>
    public static void Select(ReadOnlySpan<double> condition, ReadOnlySpan<double> whenTrue, ReadOnlySpan<double> whenFalse, Span<double> result)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var c = MemoryMarshal.Cast<double, Vector<double>>(condition);
            var t = MemoryMarshal.Cast<double, Vector<double>>(whenTrue);
            var f = MemoryMarshal.Cast<double, Vector<double>>(whenFalse);
            var d = MemoryMarshal.Cast<double, Vector<double>>(result);
            for (var v = 0; v < d.Length; v++)
            {
                d[v] = Vector.ConditionalSelect(Vector.Equals(c[v], Vector<double>.Zero), f[v], t[v]);
            }
            i = d.Length * Vector<double>.Count;
        }
        for (; i < result.Length; i++)
        {
            result[i] = condition[i] != 0 ? whenTrue[i] : whenFalse[i];
        }
    }

    /// <summary>
    /// Folds <paramref name="from"/>'s nulls into <paramref name="into"/> (OR); the flags say
    /// which masks are valid. Returns whether <paramref name="into"/> is now valid.
    /// </summary>
    public static bool MergeNulls(Span<bool> into, bool intoHasNulls, ReadOnlySpan<bool> from, bool fromHasNulls)
    {
        if (!fromHasNulls)
        {
            return intoHasNulls;
        }
        if (!intoHasNulls)
        {
            from.CopyTo(into);
            return true;
        }
        // bools are the bytes 0 and 1, so OR-ing the bytes OR-s the flags.
        var target = MemoryMarshal.Cast<bool, byte>(into);
        var source = MemoryMarshal.Cast<bool, byte>(from);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = MemoryMarshal.Cast<byte, Vector<byte>>(target);
            var s = MemoryMarshal.Cast<byte, Vector<byte>>(source);
            for (var v = 0; v < t.Length; v++)
            {
                t[v] |= s[v];
            }
            i = t.Length * Vector<byte>.Count;
        }
        for (; i < target.Length; i++)
        {
            target[i] |= source[i];
        }
        return true;
    }

    /// <summary>
    /// Marks rows holding NaN or ±∞ as null, which keeps every non-null value finite. Returns
    /// whether the mask is now valid.
    /// </summary>
    public static bool NullNonFinite(ReadOnlySpan<double> values, Span<bool> nulls, bool hasNulls)
    {
        var first = IndexOfNonFinite(values);
        if (first < 0)
        {
            return hasNulls;
        }
        if (!hasNulls)
        {
            nulls.Clear();
        }
        for (var i = first; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                nulls[i] = true;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int IndexOfNonFinite(ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            var infinity = new Vector<double>(double.PositiveInfinity);
            var v = 0;
            // |x| < ∞ is false for ±∞ and for NaN.
            while (v < vectors.Length && Vector.LessThanAll(Vector.Abs(vectors[v]), infinity))
            {
                v++;
            }
            i = v * Vector<double>.Count;
        }
        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
