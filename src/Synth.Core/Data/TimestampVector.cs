namespace Synth.Core.Data;

/// <summary>A column of UTC instants as microseconds since the Unix epoch.</summary>
public sealed class TimestampVector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public long[] Micros { get; } = new long[capacity];
}
