using Microsoft.Net.Http.Headers;

namespace Synth.Api.Jobs;

/// <summary>What a request's <c>Range</c> header asks of a file of known length (RFC 9110 §14).</summary>
internal readonly record struct RangeRequest(RangeRequestKind Kind, long Offset, long Length)
{
    public static RangeRequest Whole(long length) => new(RangeRequestKind.Whole, 0, length);

    /// <summary>
    /// Only a single byte range is served as 206; no header, another unit, several ranges or a
    /// malformed header get the whole file (a server may always ignore Range). A range that starts
    /// at or past the end is unsatisfiable (416).
    /// </summary>
    public static RangeRequest Parse(string? header, long length)
    {
        if (string.IsNullOrEmpty(header) || !RangeHeaderValue.TryParse(header, out var parsed)
            || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) || parsed.Ranges.Count != 1)
        {
            return Whole(length);
        }
        var range = parsed.Ranges.Single();
        if (range.From is { } from)
        {
            if (range.To is { } to && to < from) return Whole(length);
            if (from >= length) return new RangeRequest(RangeRequestKind.Unsatisfiable, 0, 0);
            var last = Math.Min(range.To ?? length - 1, length - 1);
            return new RangeRequest(RangeRequestKind.Partial, from, last - from + 1);
        }
        // "bytes=-N": the last N bytes (all of them when the file is shorter).
        var suffix = range.To ?? 0;
        if (suffix <= 0 || length == 0) return new RangeRequest(RangeRequestKind.Unsatisfiable, 0, 0);
        var start = Math.Max(0, length - suffix);
        return new RangeRequest(RangeRequestKind.Partial, start, length - start);
    }
}

internal enum RangeRequestKind
{
    Whole,
    Partial,
    Unsatisfiable,
}
