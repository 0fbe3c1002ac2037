namespace Synth.Core.Data;

/// <summary>A column of 64-bit integers.</summary>
public sealed class Int64Vector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public long[] Values { get; } = new long[capacity];
}
