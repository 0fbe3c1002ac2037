using System.IO.Compression;

namespace Synth.Cli.Tests;

/// <summary><c>synth run</c> on a multi-table schema.</summary>
public class RelationalRunTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Example()
    {
        var r = SynthProcess.Run(_dir.Path, "schema", "create-example", "relational", "--output", "rel.json");
        r.ExitCode.Should().Be(0, r.Stderr);
        return _dir.File("rel.json");
    }

    [Fact]
    public void A_directory_output_gets_one_file_per_table()
    {
        var r = SynthProcess.Run(_dir.Path, "run", "-s", Example(), "-n", "200", "-o", "out/");

        r.ExitCode.Should().Be(0, r.Stderr);
        Directory.GetFiles(_dir.File("out")).Select(Path.GetFileName).Should().BeEquivalentTo("products.csv", "customers.csv", "orders.csv", "order_lines.csv");
        File.ReadLines(_dir.File("out/customers.csv")).Should().HaveCount(201, "--rows sets the rows of a table that declares none");
        File.ReadLines(_dir.File("out/products.csv")).Should().HaveCount(501, "products declares 500 rows");
        File.ReadLines(_dir.File("out/orders.csv")).First().Should().Be("id,customer_id,days_after_signup,ordered_at,status");
        _dir.Entries().Should().BeEquivalentTo("rel.json", "out");
    }

    [Fact]
    public void A_zip_output_is_one_archive_of_the_tables_the_same_whatever_the_thread_count()
    {
        var schema = Example();
        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "3000", "-f", "parquet", "-t", "1", "-o", "a.zip").ExitCode.Should().Be(0);
        SynthProcess.Run(_dir.Path, "run", "-s", schema, "-n", "3000", "-f", "parquet", "-t", "2", "-o", "b.zip").ExitCode.Should().Be(0);

        using var archive = ZipFile.OpenRead(_dir.File("a.zip"));
        archive.Entries.Select(e => e.FullName).Should().Equal("products.parquet", "customers.parquet", "orders.parquet", "order_lines.parquet");
        File.ReadAllBytes(_dir.File("b.zip")).Should().Equal(File.ReadAllBytes(_dir.File("a.zip")));
    }

    [Fact]
    public void Sql_goes_to_one_script_with_the_tables_parents_first()
    {
        var r = SynthProcess.Run(_dir.Path, "run", "-s", Example(), "-n", "10", "-f", "sql", "--sql-dialect", "sqlite");

        r.ExitCode.Should().Be(0, r.Stderr);
        r.Stdout.Split('\n').Where(l => l.StartsWith("CREATE TABLE", StringComparison.Ordinal)).Should().Equal(
            "CREATE TABLE IF NOT EXISTS \"products\" (",
            "CREATE TABLE IF NOT EXISTS \"customers\" (",
            "CREATE TABLE IF NOT EXISTS \"orders\" (",
            "CREATE TABLE IF NOT EXISTS \"order_lines\" (");
        r.Stdout.Should().Contain("  FOREIGN KEY (\"order_id\") REFERENCES \"orders\" (\"id\")");
    }

    [Theory]
    [InlineData("-")]
    [InlineData("tables.csv")]
    public void One_non_sql_file_is_refused_with_one_error_line_and_nothing_written(string output)
    {
        var r = SynthProcess.Run(_dir.Path, "run", "-s", Example(), "-n", "10", "-o", output);

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --output:").And.Contain("one file per table");
        r.Stdout.Should().BeEmpty();
        _dir.Entries().Should().BeEquivalentTo("rel.json");
    }

    [Fact]
    public void An_impossible_cardinality_is_refused_before_anything_is_written()
    {
        _dir.Write("s.json", """
            {"tables": {"people": {"primary_key": "id", "fields": {"id": {"type": "int", "expression": "row + 1"}}},
                        "passports": {"rows": 50, "fields": {"person": {"type": "ref", "table": "people", "field": "id", "unique": true}}}}}
            """);

        var r = SynthProcess.Run(_dir.Path, "run", "-s", "s.json", "-n", "10", "-o", "out/");

        r.ExitCode.Should().Be(2);
        r.ErrorLines.Should().Equal("error: $.tables.passports.fields.person.unique: one-to-one needs a parent per row: passports has 50 rows but people only 10");
        _dir.Entries().Should().BeEquivalentTo("s.json");
    }
}
