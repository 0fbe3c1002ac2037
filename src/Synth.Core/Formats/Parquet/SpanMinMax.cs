using System.Numerics;

namespace Synth.Core.Formats.Parquet;

/// <summary>Vectorised min/max over spans, for column statistics on the hot path.</summary>
internal static class SpanMinMax
{
    /// <summary>
    /// Min and max of doubles as the statistics define them: NaN is never a bound but is counted.
    /// Lanes compare and select like the scalar <c>v &lt; min</c>, so NaN never wins; which zero a
    /// lane keeps may differ from a scalar pass, and the statistics widen zero bounds anyway.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<double> values, ref double min, ref double max, ref long nanCount)
    {
        var i = 0;
        var width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && values.Length >= width)
        {
            var vmin = new Vector<double>(double.PositiveInfinity);
            var vmax = new Vector<double>(double.NegativeInfinity);
            var nans = Vector<long>.Zero;
            for (; i <= values.Length - width; i += width)
            {
                var v = new Vector<double>(values[i..]);
                vmin = Vector.ConditionalSelect(Vector.LessThan(v, vmin), v, vmin);
                vmax = Vector.ConditionalSelect(Vector.GreaterThan(v, vmax), v, vmax);
                nans -= Vector.OnesComplement(Vector.Equals(v, v)); // -1 in a NaN lane
            }
            for (var lane = 0; lane < width; lane++)
            {
                if (vmin[lane] < min) min = vmin[lane];
                if (vmax[lane] > max) max = vmax[lane];
                nanCount += nans[lane];
            }
        }
        for (; i < values.Length; i++)
        {
            var v = values[i];
            if (v < min) min = v;
            if (v > max) max = v;
            if (double.IsNaN(v)) nanCount++;
        }
    }

    public static void Accumulate<T>(ReadOnlySpan<T> values, ref T min, ref T max)
        where T : struct, IBinaryInteger<T>
    {
        var i = 0;
        var width = Vector<T>.Count;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && values.Length >= 2 * width)
        {
            var vmin = new Vector<T>(values);
            var vmax = vmin;
            for (i = width; i <= values.Length - width; i += width)
            {
                var v = new Vector<T>(values[i..]);
                vmin = Vector.Min(vmin, v);
                vmax = Vector.Max(vmax, v);
            }
            for (var lane = 0; lane < width; lane++)
            {
                min = T.Min(min, vmin[lane]);
                max = T.Max(max, vmax[lane]);
            }
        }
        for (; i < values.Length; i++)
        {
            var v = values[i];
            if (v < min)
            {
                min = v;
            }
            if (v > max)
            {
                max = v;
            }
        }
    }
}
