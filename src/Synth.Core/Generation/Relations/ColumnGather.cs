using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Relations;

/// <summary>Copies a parent's values into a child's batch: <c>destination[i] = source[rows[i - from]]</c>, nulls included.</summary>
internal static class ColumnGather
{
    /// <summary>
    /// Copies <paramref name="rows"/>.Length values into destination rows <paramref name="from"/> onwards.
    /// Strings are appended, so segments must be gathered in row order after a <see cref="StringVector.Clear"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ColumnVector source, ColumnVector destination, ReadOnlySpan<int> rows, int from)
    {
        switch (source, destination)
        {
            case (Int64Vector s, Int64Vector d):
                for (var i = 0; i < rows.Length; i++) d.Values[from + i] = s.Values[rows[i]];
                break;
            case (Float64Vector s, Float64Vector d):
                for (var i = 0; i < rows.Length; i++) d.Values[from + i] = s.Values[rows[i]];
                break;
            case (BooleanVector s, BooleanVector d):
                for (var i = 0; i < rows.Length; i++) d.Values[from + i] = s.Values[rows[i]];
                break;
            case (TimestampVector s, TimestampVector d):
                for (var i = 0; i < rows.Length; i++) d.Micros[from + i] = s.Micros[rows[i]];
                break;
            case (DateVector s, DateVector d):
                for (var i = 0; i < rows.Length; i++) d.Days[from + i] = s.Days[rows[i]];
                break;
            case (UuidVector s, UuidVector d):
                for (var i = 0; i < rows.Length; i++) d.Values[from + i] = s.Values[rows[i]];
                break;
            case (CategoryVector s, CategoryVector d):
                for (var i = 0; i < rows.Length; i++) d.Codes[from + i] = s.Codes[rows[i]];
                break;
            case (StringVector s, StringVector d):
                for (var i = 0; i < rows.Length; i++) d.Append(s[rows[i]]);
                break;
            default:
                throw new InvalidOperationException($"cannot copy a {source.GetType().Name} into a {destination.GetType().Name}");
        }
        var nulls = destination.Nulls;
        if (source.HasNulls)
        {
            for (var i = 0; i < rows.Length; i++) nulls[from + i] = source.Nulls[rows[i]];
            destination.HasNulls |= nulls.AsSpan(from, rows.Length).Contains(true);
        }
        else
        {
            nulls.AsSpan(from, rows.Length).Clear();
        }
    }
}
