using System.Numerics;

namespace Synth.Core.Formats.Parquet;

/// <summary>Vectorised min/max over integer spans, for column statistics on the hot path.</summary>
internal static class SpanMinMax
{
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
