namespace Synth.Core.Data;

/// <summary>A column of booleans.</summary>
public sealed class BooleanVector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public bool[] Values { get; } = new bool[capacity];
}
