using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Synth.Core.Generation.Numeric;

/// <summary>
/// A numeric field's last step over a whole batch: clip to [min, max], then round half away from
/// zero to the column's grid. Eight values at a time where the CPU has 512-bit vectors, with the
/// scalar definitions spelled out lane by lane (a compare-and-select clip like Math.Clamp, so -0
/// stays -0; Math.Round's own truncate(x + copysign(0.5 - 2^-54, x))), so both paths give the same
/// bits and files do not depend on the machine.
/// </summary>
internal static class ClampRound
{
    // The largest double below 0.5: adding it and truncating rounds half away from zero without
    // rounding x.4999… up (what Math.Round(x, MidpointRounding.AwayFromZero) does).
    private const double BelowHalf = 0.49999999999999994;

    // At and above this magnitude a double has no fraction digits worth rounding at any scale.
    private const double RoundLimit = 1e16;

    /// <summary>The scalar definition: clip, then round x·scale and divide back; scale 0 only clips.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(double x, double min, double max, double scale)
    {
        x = Math.Clamp(x, min, max);
        return scale == 0 || Math.Abs(x) >= RoundLimit ? x : Math.Round(x * scale, MidpointRounding.AwayFromZero) / scale;
    }

    /// <summary><see cref="Apply"/> of every value, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyAll(Span<double> values, double min, double max, double scale)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(values);
            var vMin = Vector512.Create(min);
            var vMax = Vector512.Create(max);
            var vScale = Vector512.Create(scale);
            var belowHalf = Vector512.Create(BelowHalf);
            var limit = Vector512.Create(RoundLimit);
            for (; i <= values.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var x = Vector512.LoadUnsafe(ref start, (nuint)i);
                x = Vector512.ConditionalSelect(Vector512.LessThan(x, vMin), vMin, x);
                x = Vector512.ConditionalSelect(Vector512.GreaterThan(x, vMax), vMax, x);
                if (scale == 1)
                {
                    // Integer columns: x·1 and x/1 are x exactly, and a vector division costs more
                    // than the rest of the lane's work together.
                    var whole = Vector512.Truncate(x + Vector512.CopySign(belowHalf, x));
                    x = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(Vector512.Abs(x), limit), x, whole);
                }
                else if (scale != 0)
                {
                    var scaled = x * vScale;
                    var rounded = Vector512.Truncate(scaled + Vector512.CopySign(belowHalf, scaled)) / vScale;
                    x = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(Vector512.Abs(x), limit), x, rounded);
                }
                x.StoreUnsafe(ref start, (nuint)i);
            }
        }
        for (; i < values.Length; i++) values[i] = Apply(values[i], min, max, scale);
    }
}
