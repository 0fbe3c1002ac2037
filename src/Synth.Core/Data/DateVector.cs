namespace Synth.Core.Data;

/// <summary>A column of dates as days since 1970-01-01.</summary>
public sealed class DateVector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public int[] Days { get; } = new int[capacity];
}
