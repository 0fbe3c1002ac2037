namespace Synth.Core.Data;

/// <summary>A column of UUIDs.</summary>
public sealed class UuidVector(ColumnInfo info, int capacity) : ColumnVector(info, capacity)
{
    public Guid[] Values { get; } = new Guid[capacity];
}
