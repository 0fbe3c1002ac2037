using System.Buffers;
using Synth.Core.Data;
using Synth.Core.Streams;

namespace Synth.Grains.Streams;

/// <summary>
/// A stream's records in one format, by sequence number, across its drift plans: each plan rules from
/// the record where it took over (<see cref="PlanChange"/>) to the next. One per thread.
/// </summary>
public sealed class StreamRecords
{
    private readonly (long From, StreamRecordWriter Writer)[] _segments;

    internal StreamRecords(List<(long From, StreamRecordWriter Writer)> segments) => _segments = [.. segments];

    /// <summary>The records' columns (the same under every plan: a plan moves distributions, not columns).</summary>
    public TableLayout Layout => _segments[0].Writer.Layout;

    public void WriteHeader(IBufferWriter<byte> output) => _segments[0].Writer.WriteHeader(output);

    public void Write(long first, int count, IBufferWriter<byte> output)
    {
        var end = first + count;
        while (first < end)
        {
            var s = _segments.Length - 1;
            while (_segments[s].From > first) s--;
            var until = s + 1 < _segments.Length ? Math.Min(end, _segments[s + 1].From) : end;
            _segments[s].Writer.Write(first, (int)(until - first), output);
            first = until;
        }
    }
}
