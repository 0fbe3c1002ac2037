namespace Synth.Core.Data;

/// <summary>
/// One column of a <see cref="RowBatch"/>. Arrays are sized to the batch capacity and reused
/// from batch to batch, so filling a batch allocates nothing.
/// </summary>
public abstract class ColumnVector(ColumnInfo info, int capacity)
{
    public ColumnInfo Info { get; } = info;

    /// <summary>Null flags per row; only meaningful when <see cref="HasNulls"/> is true.</summary>
    public bool[] Nulls { get; } = new bool[capacity];

    /// <summary>True when at least one row of the current batch is null.</summary>
    public bool HasNulls { get; set; }

    public bool IsNull(int row) => HasNulls && Nulls[row];

    public static ColumnVector Create(ColumnInfo info, int capacity) => info.Type switch
    {
        ColumnType.Int64 => new Int64Vector(info, capacity),
        ColumnType.Float64 => new Float64Vector(info, capacity),
        ColumnType.Boolean => new BooleanVector(info, capacity),
        ColumnType.Timestamp => new TimestampVector(info, capacity),
        ColumnType.Date => new DateVector(info, capacity),
        ColumnType.Uuid => new UuidVector(info, capacity),
        ColumnType.String => new StringVector(info, capacity),
        ColumnType.Category => new CategoryVector(info, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(info), info.Type, "unknown column type"),
    };
}
