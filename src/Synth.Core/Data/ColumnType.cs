namespace Synth.Core.Data;

/// <summary>The physical kind of a generated column; every format maps each one explicitly.</summary>
public enum ColumnType
{
    /// <summary>64-bit signed integer (<see cref="Int64Vector"/>).</summary>
    Int64,
    /// <summary>IEEE double (<see cref="Float64Vector"/>), optionally rounded to fixed decimals.</summary>
    Float64,
    /// <summary>true/false (<see cref="BooleanVector"/>).</summary>
    Boolean,
    /// <summary>UTC instant, microseconds since 1970-01-01 (<see cref="TimestampVector"/>).</summary>
    Timestamp,
    /// <summary>Calendar date, days since 1970-01-01 (<see cref="DateVector"/>).</summary>
    Date,
    /// <summary>RFC 4122 UUID (<see cref="UuidVector"/>).</summary>
    Uuid,
    /// <summary>Free UTF-8 text (<see cref="StringVector"/>).</summary>
    String,
    /// <summary>One of a fixed set of UTF-8 labels, stored as codes (<see cref="CategoryVector"/>).</summary>
    Category,
}
