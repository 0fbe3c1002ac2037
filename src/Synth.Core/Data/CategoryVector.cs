namespace Synth.Core.Data;

/// <summary>A column of category codes; the labels live once in <see cref="ColumnInfo.Categories"/>.</summary>
public sealed class CategoryVector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public int[] Codes { get; } = new int[capacity];
}
