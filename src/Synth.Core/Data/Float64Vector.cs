namespace Synth.Core.Data;

/// <summary>A column of doubles.</summary>
public sealed class Float64Vector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public double[] Values { get; } = new double[capacity];
}
