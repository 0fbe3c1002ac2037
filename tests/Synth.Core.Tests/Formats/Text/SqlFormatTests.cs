using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Synth.Core.Data;
using Synth.Core.Formats;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class SqlFormatTests
{
    [Fact]
    public void Sqlite_script_loads_into_an_empty_database_with_identical_values()
    {
        var rows = SampleTable.Rows();
        var script = FormatRunner.RunText(Sql(SqlDialect.Sqlite, rowsPerInsert: 16), rows, 9, 40, 21);

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, script);

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, amount, score, flag, created_at, day, uid, note, status FROM data ORDER BY id";
        using var reader = select.ExecuteReader();
        var actual = new List<SampleRow>();
        while (reader.Read())
        {
            actual.Add(new SampleRow(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3) == 1,
                reader.IsDBNull(4) ? null : SampleTable.ParseInstant(reader.GetString(4)),
                reader.IsDBNull(5) ? null : SampleTable.ParseDay(reader.GetString(5)),
                reader.IsDBNull(6) ? null : Guid.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        // SQLite's own text-to-double conversion is not always correctly rounded (1.5E+300 reads as
        // 1.4999999999999998E+300), so doubles are compared to within a few ulps; the text itself
        // is exact (see Utf8ValueWriterTests and the PostgreSQL test).
        actual.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering()
            .Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, Math.Abs(c.Expectation) * 1e-15))
            .WhenTypeIs<double>());
    }

    [Fact]
    public void Sqlite_script_with_zero_rows_creates_an_empty_table()
    {
        var script = FormatRunner.RunText(Sql(SqlDialect.Sqlite), SampleTable.Rows(0));

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, script);
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM data";
        count.ExecuteScalar().Should().Be(0L);
    }

    [Fact]
    public void Sql_starts_a_new_insert_every_N_global_rows_whatever_the_blocks()
    {
        string?[] notes = ["a", "b", "c", "d", "e"];
        var format = Sql(SqlDialect.Sqlite, rowsPerInsert: 2);
        var script = Encoding.UTF8.GetString(FormatRunner.Run(
            format, NotesTable.Layout, notes.Length, (first, count) => NotesTable.Batch(notes, first, count), [1, 2, 2]));

        script.Should().Be(
            "CREATE TABLE IF NOT EXISTS \"data\" (\n  \"id\" INTEGER NOT NULL,\n  \"note\" TEXT\n);\nBEGIN;\n" +
            "INSERT INTO \"data\" (\"id\",\"note\") VALUES\n(1,'a'),\n(2,'b');\n" +
            "INSERT INTO \"data\" (\"id\",\"note\") VALUES\n(3,'c'),\n(4,'d');\n" +
            "INSERT INTO \"data\" (\"id\",\"note\") VALUES\n(5,'e');\n" +
            "COMMIT;\n");
    }

    [Fact]
    public void MySql_script_escapes_backslashes_and_quotes_and_quotes_identifiers_with_backticks()
    {
        var layout = new TableLayout(
        [
            new ColumnInfo("id", ColumnType.Int64, nullable: false),
            new ColumnInfo("note", ColumnType.String, nullable: true),
            new ColumnInfo("flag", ColumnType.Boolean, nullable: false),
            new ColumnInfo("at", ColumnType.Timestamp, nullable: false),
            new ColumnInfo("uid", ColumnType.Uuid, nullable: false),
            new ColumnInfo("odd`name", ColumnType.Category, nullable: false, categories: ["it's", "b\\c"]),
        ]);
        string?[] notes = ["back\\slash", "O'Brien", null, "nul\0 ctrl-z\u001a"];
        var format = new SqlFormat(new FormatOptions { SqlDialect = SqlDialect.MySql, TableName = "people", SqlRowsPerInsert = 3 });

        var script = Encoding.UTF8.GetString(FormatRunner.Run(format, layout, notes.Length, (first, count) =>
        {
            var batch = new RowBatch(layout, count) { FirstRow = first, Count = count };
            var text = (StringVector)batch.Columns[1];
            text.Clear();
            for (var r = 0; r < count; r++)
            {
                var row = first + r;
                ((Int64Vector)batch.Columns[0]).Values[r] = row + 1;
                text.Append(Encoding.UTF8.GetBytes(notes[row] ?? ""));
                text.Nulls[r] = notes[row] is null;
                text.HasNulls |= notes[row] is null;
                ((BooleanVector)batch.Columns[2]).Values[r] = row % 2 == 0;
                ((TimestampVector)batch.Columns[3]).Micros[r] = 1_700_000_000_000_000L + row * 250_000L;
                ((UuidVector)batch.Columns[4]).Values[r] = Guid.Parse("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F" + row);
                ((CategoryVector)batch.Columns[5]).Codes[r] = row % 2;
            }
            return batch;
        }, [2, 2]));

        script.Should().Be(
            "SET NAMES utf8mb4;\n" +
            "CREATE TABLE IF NOT EXISTS `people` (\n" +
            "  `id` BIGINT NOT NULL,\n" +
            "  `note` LONGTEXT,\n" +
            "  `flag` BOOLEAN NOT NULL,\n" +
            "  `at` DATETIME(6) NOT NULL,\n" +
            "  `uid` CHAR(36) NOT NULL,\n" +
            "  `odd``name` VARCHAR(4) NOT NULL\n" +
            ") DEFAULT CHARSET=utf8mb4;\n" +
            "START TRANSACTION;\n" +
            "INSERT INTO `people` (`id`,`note`,`flag`,`at`,`uid`,`odd``name`) VALUES\n" +
            "(1,'back\\\\slash',1,'2023-11-14 22:13:20','0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f0','it''s'),\n" +
            "(2,'O''Brien',0,'2023-11-14 22:13:20.250000','0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f1','b\\\\c'),\n" +
            "(3,NULL,1,'2023-11-14 22:13:20.500000','0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f2','it''s');\n" +
            "INSERT INTO `people` (`id`,`note`,`flag`,`at`,`uid`,`odd``name`) VALUES\n" +
            "(4,'nul\\0 ctrl-z\\Z',0,'2023-11-14 22:13:20.750000','0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f3','b\\\\c');\n" +
            "COMMIT;\n");
    }

    [Fact]
    public void Postgres_script_declares_native_types_and_spells_booleans_and_non_finite_doubles()
    {
        var rows = new[] { SampleTable.Rows(1)[0] with { Flag = true, Score = double.NaN, Amount = double.NegativeInfinity } };
        var script = FormatRunner.RunText(Sql(SqlDialect.Postgres), rows);

        script.Should().StartWith(
            "SET client_encoding = 'UTF8';\n" +
            "CREATE TABLE IF NOT EXISTS \"data\" (\n" +
            "  \"id\" BIGINT NOT NULL,\n" +
            "  \"amount\" DOUBLE PRECISION,\n" +
            "  \"score\" DOUBLE PRECISION,\n" +
            "  \"flag\" BOOLEAN,\n" +
            "  \"created_at\" TIMESTAMP,\n" +
            "  \"day\" DATE,\n" +
            "  \"uid\" UUID,\n" +
            "  \"note\" TEXT,\n" +
            "  \"status\" TEXT\n" +
            ");\nBEGIN;\n");
        script.Should().Contain("VALUES\n(1,'-Infinity','NaN',TRUE,'1970-01-01 00:00:00','1970-01-01',");
        script.Should().EndWith(");\nCOMMIT;\n");
    }

    [Fact]
    public void Sql_refuses_fewer_than_one_row_per_insert()
    {
        var create = () => new SqlFormat(new FormatOptions { SqlRowsPerInsert = 0 });
        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*SqlRowsPerInsert*");
    }

    internal static SqlFormat Sql(SqlDialect dialect, int rowsPerInsert = 1000) =>
        new(new FormatOptions { SqlDialect = dialect, SqlRowsPerInsert = rowsPerInsert });

    private static void Execute(SqliteConnection connection, string script)
    {
        using var command = connection.CreateCommand();
        command.CommandText = script;
        command.ExecuteNonQuery();
    }
}
