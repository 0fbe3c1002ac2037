using Synth.Core.Schema;

namespace Synth.Core.Tests.Generation;

public class UniqueTests
{
    [Theory]
    [InlineData("""{"x": {"type": "int", "min": 1, "max": 5000, "unique": true}}""", 5000)]
    [InlineData("""{"x": {"type": "float", "min": 0, "max": 9.99, "decimals": 2, "unique": true}}""", 1000)]
    [InlineData("""{"x": {"type": "string", "template": "K-{##}{?}", "unique": true}}""", 2600)]
    [InlineData("""{"x": {"type": "date", "start_date": "2020-01-01", "end_date": "2022-12-31", "unique": true}}""", 1096)]
    [InlineData("""{"x": {"type": "email", "unique": true}}""", 20000)]
    [InlineData("""{"x": {"type": "name", "unique": true}}""", 20000)]
    [InlineData("""{"x": {"type": "ip", "unique": true}}""", 20000)]
    public void Unique_fields_never_repeat_even_when_the_domain_is_exhausted(string schema, int rows)
    {
        var values = GeneratedTable.Generate(schema, rows)["x"];

        values.Distinct().Count().Should().Be(rows);
    }

    [Fact]
    public void Unique_values_stay_distinct_across_separately_generated_shards()
    {
        const string schema = """{"x": {"type": "int", "min": 0, "max": 999, "unique": true}}""";
        var first = GeneratedTable.Generate(schema, 400, firstRow: 0)["x"];
        var second = GeneratedTable.Generate(schema, 600, firstRow: 400)["x"];

        first.Concat(second).Distinct().Count().Should().Be(1000);
    }

    [Fact]
    public void Asking_for_more_rows_than_the_domain_holds_is_a_clear_error()
    {
        var act = () => GeneratedTable.Generate("""{"id": {"type": "int", "min": 1000, "max": 9999, "unique": true}}""", 10_000);

        act.Should().Throw<SchemaException>().Which.Errors.Single().ToString()
            .Should().Be("$.id.unique: only 9,000 distinct values are possible but 10,000 rows were requested");
    }
}
