using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;
using Synth.Core.Tests.Formats.Parquet;

namespace Synth.Core.Tests.Output;

public class DatabaseRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synth-db-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static CompiledDatabase Example(long customers = 2000) =>
        CompiledDatabase.Compile(DatabaseSchemaReader.Read(ExampleSchemas.Relational), 42, customers);

    internal static (string Child, string Key, string Parent, string ParentKey)[] ForeignKeys { get; } =
    [
        ("orders", "customer_id", "customers", "id"),
        ("order_lines", "order_id", "orders", "id"),
        ("order_lines", "product_id", "products", "id"),
    ];

    [Fact]
    public void The_SQL_script_loads_into_SQLite_with_foreign_keys_on_and_no_key_is_broken()
    {
        var database = Example();
        var file = Path.Combine(_dir, "db.sql");
        using (var stream = File.Create(file))
        {
            DatabaseRunner.WriteSqlScript(database, new FormatOptions { SqlDialect = SqlDialect.Sqlite }, stream, new GenerationOptions { Threads = 2 });
        }

        using var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        connection.Open();
        Execute(connection, File.ReadAllText(file));

        foreach (var table in database.Tables) Scalar(connection, $"SELECT count(*) FROM {table.Name}").Should().Be(table.Rows);
        Scalar(connection, "SELECT count(*) FROM pragma_foreign_key_check").Should().Be(0);
        Scalar(connection, "SELECT count(*) FROM pragma_foreign_key_list('order_lines')").Should().Be(2, "the script declares the keys");
        var orphan = () => Execute(connection, "INSERT INTO orders (id, customer_id, days_after_signup, ordered_at, status) VALUES (-1, -1, 0, '2020-01-01', 'placed')");
        orphan.Should().Throw<SqliteException>().WithMessage("*FOREIGN KEY*", "the constraints are enforced, not just declared");
    }

    [Fact]
    public void One_Parquet_file_per_table_joins_in_DuckDB_with_no_orphans()
    {
        var database = Example(5000);
        DatabaseRunner.WriteFiles(database, "parquet", new FormatOptions(), name => File.Create(Path.Combine(_dir, name)), new GenerationOptions { Threads = 2 });
        string Table(string name) => $"read_parquet('{Path.Combine(_dir, name + ".parquet")}')";

        Directory.GetFiles(_dir).Select(Path.GetFileName).Should().BeEquivalentTo("products.parquet", "customers.parquet", "orders.parquet", "order_lines.parquet");
        foreach (var (child, key, parent, parentKey) in ForeignKeys)
        {
            var row = ParquetNodeReader.Query(
                $"SELECT count(*), count(p.{parentKey}) FROM {Table(child)} c LEFT JOIN {Table(parent)} p ON c.{key} = p.{parentKey}").Single();
            row[0].GetString().Should().Be(database.Get(child).Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{child} is read whole");
            row[1].GetString().Should().Be(row[0].GetString(), $"every {child}.{key} finds its {parent}");
        }
        ParquetNodeReader.Query($"SELECT count(*) FROM (SELECT order_id, line_no FROM {Table("order_lines")} GROUP BY ALL HAVING count(*) > 1)")
            .Single()[0].GetString().Should().Be("0", "the composite key is unique");
    }

    [Fact]
    public void The_archive_holds_each_tables_file_as_made_alone()
    {
        var database = Example(500);
        var options = new GenerationOptions { Threads = 2, Gzip = true };
        var zip = new MemoryStream();
        DatabaseRunner.WriteZip(database, "csv", new FormatOptions(), zip, options);

        using var archive = new ZipArchive(new MemoryStream(zip.ToArray()), ZipArchiveMode.Read);
        archive.Entries.Select(e => e.FullName).Should().Equal("products.csv.gz", "customers.csv.gz", "orders.csv.gz", "order_lines.csv.gz");
        foreach (var table in database.Tables)
        {
            var alone = new MemoryStream();
            DatabaseRunner.WriteTable(table, DatabaseRunner.FormatFor(table, "csv", new FormatOptions()), alone, options);
            using var entry = archive.GetEntry(table.Name + ".csv.gz")!.Open();
            var packed = new MemoryStream();
            entry.CopyTo(packed);
            packed.ToArray().Should().Equal(alone.ToArray(), table.Name);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
