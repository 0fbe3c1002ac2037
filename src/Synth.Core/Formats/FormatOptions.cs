namespace Synth.Core.Formats;

/// <summary>Options that shape a format's bytes.</summary>
public sealed record FormatOptions
{
    /// <summary>Table name of SQL output (CREATE TABLE and INSERT). Default "data".</summary>
    public string TableName { get; init; } = "data";

    /// <summary>SQL dialect. Default PostgreSQL.</summary>
    public SqlDialect SqlDialect { get; init; } = SqlDialect.Postgres;

    /// <summary>Rows per multi-row INSERT statement. Default 1,000.</summary>
    public int SqlRowsPerInsert { get; init; } = 1000;

    /// <summary>Gzip compression: whole-stream members for text formats, page compression for Parquet.</summary>
    public bool Gzip { get; init; }
}

public enum SqlDialect
{
    Postgres,
    MySql,
    Sqlite,
}
