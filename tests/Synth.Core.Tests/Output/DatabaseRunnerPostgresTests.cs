using System.Globalization;
using Synth.Core.Formats;
using Synth.Core.Output;
using Synth.Core.Tests.Formats.Text;

namespace Synth.Core.Tests.Output;

[Trait("Category", "Integration")]
public class DatabaseRunnerPostgresTests(PostgresScratchDatabase database) : IClassFixture<PostgresScratchDatabase>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"synth-{Guid.NewGuid():N}.sql");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task The_SQL_script_loads_into_PostgreSQL_with_its_keys_enforced_and_no_orphans()
    {
        _ = database.Uri; // fails the test with instructions when no PostgreSQL was started
        var compiled = DatabaseRunnerTests.Example();
        using (var stream = File.Create(_file))
        {
            DatabaseRunner.WriteSqlScript(compiled, new FormatOptions { SqlDialect = SqlDialect.Postgres }, stream, new GenerationOptions { Threads = 2 });
        }

        await database.RunAsync("-f", _file);

        foreach (var table in compiled.Tables)
        {
            (await Scalar($"SELECT count(*) FROM {table.Name}")).Should().Be(table.Rows.ToString(CultureInfo.InvariantCulture), table.Name);
        }
        (await Scalar("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = 'public' AND constraint_type = 'FOREIGN KEY'")).Should().Be("3");
        (await Scalar("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = 'public' AND constraint_type = 'PRIMARY KEY'")).Should().Be("4");
        foreach (var (child, key, parent, parentKey) in DatabaseRunnerTests.ForeignKeys)
        {
            (await Scalar($"SELECT count(*) FROM {child} c LEFT JOIN {parent} p ON c.{key} = p.{parentKey} WHERE p.{parentKey} IS NULL")).Should().Be("0");
        }
        var orphan = () => database.RunAsync("-c", "INSERT INTO order_lines (order_id, line_no, product_id, quantity) VALUES (-1, 1, 1, 1)");
        await orphan.Should().ThrowAsync<InvalidOperationException>().WithMessage("*foreign key*", "the constraints are enforced, not just declared");
    }

    private async Task<string> Scalar(string sql) => (await database.RunAsync("-At", "-c", sql)).Trim();
}
