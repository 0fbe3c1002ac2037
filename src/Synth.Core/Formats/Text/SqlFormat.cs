using System.Buffers;
using System.Globalization;
using System.Text;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>
/// A SQL script that loads into an empty database on its own: <c>CREATE TABLE IF NOT EXISTS</c>
/// with a column type per dialect, then multi-row INSERTs of
/// <see cref="FormatOptions.SqlRowsPerInsert"/> rows inside one transaction, so a failed load
/// leaves no partial table contents behind (and SQLite loads fast). A table of a multi-table
/// schema also declares its primary key and foreign keys; the tables' scripts, concatenated in
/// dependency order, load with the constraints checked.
/// </summary>
/// <remarks>
/// Dialects differ in identifier quotes ("x" or `x`), string escaping (MySQL also treats a
/// backslash as an escape character), booleans (TRUE/FALSE or 1/0) and types: timestamps are
/// TIMESTAMP (PostgreSQL), DATETIME(6) (MySQL, microseconds kept) or ISO text (SQLite); UUIDs are
/// UUID, CHAR(36) or TEXT. Timestamps are UTC and written without offset. NaN and infinities are
/// 'NaN'/'Infinity' in PostgreSQL and NULL elsewhere (no literal exists there). PostgreSQL text
/// cannot hold a NUL character at all, so a string containing one fails to load there.
/// </remarks>
public sealed class SqlFormat : OutputFormat
{
    private readonly FormatOptions _options;
    private readonly TextStyle _style;

    public SqlFormat(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SqlRowsPerInsert < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SqlRowsPerInsert, "SqlRowsPerInsert must be at least 1");
        }
        if (string.IsNullOrWhiteSpace(options.TableName))
        {
            throw new ArgumentException("TableName must not be empty for SQL output", nameof(options));
        }
        _options = options;
        _style = TextStyle.Sql(options.SqlDialect);
    }

    public override string Name => "sql";

    public override string Extension => ".sql";

    public SqlDialect Dialect => _options.SqlDialect;

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output)
    {
        var dialect = _options.SqlDialect;
        var sql = new StringBuilder();
        sql.Append(dialect switch
        {
            // The file is UTF-8 whatever the client's locale says.
            SqlDialect.Postgres => "SET client_encoding = 'UTF8';\n",
            SqlDialect.MySql => "SET NAMES utf8mb4;\n",
            _ => "",
        });
        sql.Append(CreateTableStatement(layout, QuoteIdentifier(_options.TableName)));
        // MySQL commits implicitly at DDL, so the transaction starts after CREATE TABLE everywhere.
        sql.Append(dialect == SqlDialect.MySql ? "START TRANSACTION;\n" : "BEGIN;\n");
        output.Write(Encoding.UTF8.GetBytes(sql.ToString()));
    }

    /// <summary>The table's <c>CREATE TABLE IF NOT EXISTS</c> in this dialect, ending with ";\n", under <paramref name="quotedTable"/> (a quoted, maybe schema-qualified, name).</summary>
    public string CreateTableStatement(TableLayout layout, string quotedTable)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(quotedTable).Append(" (\n");
        var lines = new List<string>();
        var keys = new HashSet<string>(layout.PrimaryKey, StringComparer.Ordinal);
        keys.UnionWith(layout.ForeignKeys.Select(k => k.Column));
        foreach (var column in layout.Columns)
        {
            // A primary key column is never null, even when it is derived (derived columns are nullable in general).
            var nullable = column.Nullable && !layout.PrimaryKey.Contains(column.Name);
            lines.Add(QuoteIdentifier(column.Name) + " " + SqlType(column, keys.Contains(column.Name)) + (nullable ? "" : " NOT NULL"));
        }
        if (layout.PrimaryKey.Count > 0)
        {
            lines.Add("PRIMARY KEY (" + string.Join(", ", layout.PrimaryKey.Select(QuoteIdentifier)) + ")");
        }
        foreach (var key in layout.ForeignKeys)
        {
            lines.Add($"FOREIGN KEY ({QuoteIdentifier(key.Column)}) REFERENCES {QuoteIdentifier(key.Table)} ({QuoteIdentifier(key.TableColumn)})");
        }
        sql.Append(string.Join(",\n", lines.Select(l => "  " + l))).Append('\n');
        sql.Append(_options.SqlDialect == SqlDialect.MySql ? ") DEFAULT CHARSET=utf8mb4;\n" : ");\n");
        return sql.ToString();
    }

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) =>
        new SqlBlockEncoder(layout, _style, InsertHead(layout), _options.SqlRowsPerInsert);

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output)
    {
        if (context.TotalRows % _options.SqlRowsPerInsert != 0)
        {
            output.Write(";\n"u8);
        }
        output.Write("COMMIT;\n"u8);
    }

    public string QuoteIdentifier(string name) => _options.SqlDialect == SqlDialect.MySql
        ? "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`"
        : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private byte[] InsertHead(TableLayout layout)
    {
        var head = new StringBuilder("INSERT INTO ").Append(QuoteIdentifier(_options.TableName)).Append(" (");
        for (var c = 0; c < layout.Columns.Count; c++)
        {
            head.Append(c == 0 ? "" : ",").Append(QuoteIdentifier(layout.Columns[c].Name));
        }
        head.Append(") VALUES\n(");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    private string SqlType(ColumnInfo column, bool isKey) => (_options.SqlDialect, column.Type) switch
    {
        // MySQL cannot index LONGTEXT without a prefix length; keys are short.
        (SqlDialect.MySql, ColumnType.String) when isKey => "VARCHAR(255)",

        (SqlDialect.Sqlite, ColumnType.Int64 or ColumnType.Boolean) => "INTEGER",
        (SqlDialect.Sqlite, ColumnType.Float64) => "REAL",
        (SqlDialect.Sqlite, _) => "TEXT",

        (_, ColumnType.Int64) => "BIGINT",
        (_, ColumnType.Boolean) => "BOOLEAN",
        (SqlDialect.Postgres, ColumnType.Float64) => "DOUBLE PRECISION",
        (SqlDialect.Postgres, ColumnType.Timestamp) => "TIMESTAMP",
        (SqlDialect.Postgres, ColumnType.Date) => "DATE",
        (SqlDialect.Postgres, ColumnType.Uuid) => "UUID",
        (SqlDialect.Postgres, _) => "TEXT",

        (SqlDialect.MySql, ColumnType.Float64) => "DOUBLE",
        (SqlDialect.MySql, ColumnType.Timestamp) => "DATETIME(6)",
        (SqlDialect.MySql, ColumnType.Date) => "DATE",
        (SqlDialect.MySql, ColumnType.Uuid) => "CHAR(36)",
        (SqlDialect.MySql, ColumnType.Category) => MySqlCategoryType(column),
        // TEXT stops at 64 KB, which long generated text can pass; LONGTEXT never refuses a row.
        (SqlDialect.MySql, _) => "LONGTEXT",

        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, $"no SQL type for column '{column.Name}'"),
    };

    private static string MySqlCategoryType(ColumnInfo column)
    {
        // UTF-16 length is never below the character count MySQL measures in.
        var longest = 1;
        foreach (var label in column.Categories)
        {
            longest = Math.Max(longest, label.Length);
        }
        return longest <= 16_383 ? "VARCHAR(" + longest.ToString(CultureInfo.InvariantCulture) + ")" : "LONGTEXT";
    }
}
