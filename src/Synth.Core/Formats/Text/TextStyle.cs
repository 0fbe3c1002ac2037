namespace Synth.Core.Formats.Text;

/// <summary>How one text format spells values that are not plain numbers: strings, quotes, booleans, instants, non-finite doubles.</summary>
internal sealed class TextStyle
{
    public required TextEscaping Escaping { get; init; }

    /// <summary>Quote put around timestamps, dates and UUIDs ('"' in JSON, '\'' in SQL), or 0 for none.</summary>
    public byte ValueQuote { get; init; }

    /// <summary>Between date and time: 'T' (ISO-8601) or ' ' (SQL literals).</summary>
    public byte TimestampSeparator { get; init; } = (byte)'T';

    public byte[] True { get; init; } = "true"u8.ToArray();

    public byte[] False { get; init; } = "false"u8.ToArray();

    public byte[] NaN { get; init; } = "NaN"u8.ToArray();

    public byte[] PositiveInfinity { get; init; } = "Infinity"u8.ToArray();

    public byte[] NegativeInfinity { get; init; } = "-Infinity"u8.ToArray();

    public static TextStyle Csv { get; } = new() { Escaping = TextEscaping.Csv };

    public static TextStyle Tsv { get; } = new() { Escaping = TextEscaping.Tsv };

    /// <summary>JSON has no NaN or infinities; they become null.</summary>
    public static TextStyle Json { get; } = new()
    {
        Escaping = TextEscaping.Json,
        ValueQuote = (byte)'"',
        NaN = "null"u8.ToArray(),
        PositiveInfinity = "null"u8.ToArray(),
        NegativeInfinity = "null"u8.ToArray(),
    };

    /// <summary>xs:double spells the non-finite values NaN, INF and -INF.</summary>
    public static TextStyle Xml { get; } = new()
    {
        Escaping = TextEscaping.Xml,
        PositiveInfinity = "INF"u8.ToArray(),
        NegativeInfinity = "-INF"u8.ToArray(),
    };

    public static TextStyle Sql(SqlDialect dialect) => dialect switch
    {
        // double precision accepts the quoted words; MySQL and SQLite have no literal for them.
        SqlDialect.Postgres => new()
        {
            Escaping = TextEscaping.SqlStandard,
            ValueQuote = (byte)'\'',
            TimestampSeparator = (byte)' ',
            True = "TRUE"u8.ToArray(),
            False = "FALSE"u8.ToArray(),
            NaN = "'NaN'"u8.ToArray(),
            PositiveInfinity = "'Infinity'"u8.ToArray(),
            NegativeInfinity = "'-Infinity'"u8.ToArray(),
        },
        SqlDialect.MySql or SqlDialect.Sqlite => new()
        {
            Escaping = dialect == SqlDialect.MySql ? TextEscaping.SqlMySql : TextEscaping.SqlStandard,
            ValueQuote = (byte)'\'',
            TimestampSeparator = (byte)' ',
            True = "1"u8.ToArray(),
            False = "0"u8.ToArray(),
            NaN = "NULL"u8.ToArray(),
            PositiveInfinity = "NULL"u8.ToArray(),
            NegativeInfinity = "NULL"u8.ToArray(),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "unknown SQL dialect"),
    };
}
