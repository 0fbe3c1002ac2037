using System.Security.Cryptography;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Generation.Relations;

public class RelationalGenerationTests
{
    private static readonly GeneratedDatabase Example = GeneratedDatabase.Generate(ExampleSchemas.Relational, rows: 4000);

    [Fact]
    public void Every_foreign_key_points_at_an_existing_parent_row()
    {
        var customers = Example["customers"]["id"].ToHashSet();
        var orders = Example["orders"]["id"].ToHashSet();
        var products = Example["products"]["id"].ToHashSet();

        Example["orders"]["customer_id"].Should().OnlyContain(id => customers.Contains(id));
        Example["order_lines"]["order_id"].Should().OnlyContain(id => orders.Contains(id));
        Example["order_lines"]["product_id"].Should().OnlyContain(id => products.Contains(id));
    }

    [Fact]
    public void Children_per_parent_follow_the_declared_distribution_with_some_parents_childless()
    {
        var perCustomer = Example["orders"]["customer_id"].GroupBy(id => id).ToDictionary(g => g.Key!, g => g.Count());
        var counts = Example["customers"]["id"].Select(id => perCustomer.GetValueOrDefault(id!)).ToList();

        counts.Average().Should().BeApproximately(3, 0.15, "orders per customer ~ Poisson(3)");
        counts.Count(c => c == 0).Should().BeInRange(120, 280, "e^-3 ≈ 5 % of 4,000 customers have no order");
        Example.Compiled.Get("orders").Rows.Should().Be(counts.Sum());
    }

    [Fact]
    public void Children_of_a_parent_are_consecutive_rows_numbered_from_one_so_the_composite_key_holds()
    {
        var orderIds = Example["order_lines"]["order_id"];
        var lineNumbers = Example["order_lines"]["line_no"];
        for (var i = 0; i < orderIds.Count; i++)
        {
            var expected = i > 0 && Equals(orderIds[i], orderIds[i - 1]) ? (long)lineNumbers[i - 1]! + 1 : 1L;
            lineNumbers[i].Should().Be(expected);
        }
        orderIds.Zip(lineNumbers).Distinct().Should().HaveCount(orderIds.Count);
        Example["order_lines"]["order_id"].Distinct().Should().HaveCount(Example["orders"]["id"].Count, "per_parent min 1: every order has a line");
    }

    [Fact]
    public void Parent_values_feed_the_childs_expressions()
    {
        var signedUp = Example["customers"]["id"].Zip(Example["customers"]["signed_up"]).ToDictionary(p => p.First!, p => (DateTime)p.Second!);
        var orders = Example["orders"];
        for (var i = 0; i < orders["id"].Count; i++)
        {
            orders["ordered_at"][i].Should().Be(signedUp[orders["customer_id"][i]!].AddDays((long)orders["days_after_signup"][i]!));
        }

        var price = Example["products"]["id"].Zip(Example["products"]["price"]).ToDictionary(p => p.First!, p => (double)p.Second!);
        var lines = Example["order_lines"];
        for (var i = 0; i < lines["product_id"].Count; i++)
        {
            lines["unit_price"][i].Should().Be(price[lines["product_id"][i]!]);
        }
    }

    [Fact]
    public void A_parent_category_drives_when_of_the_child()
    {
        var tier = Example["customers"]["id"].Zip(Example["customers"]["tier"]).ToDictionary(p => p.First!, p => (string)p.Second!);
        var orders = Example["orders"];
        var returned = Enumerable.Range(0, orders["id"].Count)
            .GroupBy(i => tier[orders["customer_id"][i]!] == "premium")
            .ToDictionary(g => g.Key, g => g.Average(i => (string)orders["status"][i]! == "returned" ? 1.0 : 0.0));

        returned[true].Should().BeLessThan(0.045, "premium customers return 2 % of orders");
        returned[false].Should().BeInRange(0.065, 0.095, "others 8 %");
    }

    [Fact]
    public void Values_do_not_depend_on_the_batch_size()
    {
        var small = GeneratedDatabase.Generate(ExampleSchemas.Relational, rows: 300, batchSize: 7);
        var large = GeneratedDatabase.Generate(ExampleSchemas.Relational, rows: 300, batchSize: 4096);

        foreach (var table in small.Compiled.Tables)
        {
            foreach (var column in table.Schema.Layout.Columns)
            {
                small[table.Name][column.Name].Should().Equal(large[table.Name][column.Name], $"{table.Name}.{column.Name}");
            }
        }
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void Shards_of_a_child_table_concatenate_to_the_single_run_bytes(string formatName)
    {
        var database = CompiledDatabase.Compile(DatabaseSchemaReader.Read(ExampleSchemas.Relational), 42, formatName == "parquet" ? 100_000 : 20_000);
        var lines = database.Get("order_lines");
        var format = DatabaseRunner.FormatFor(lines, formatName, new FormatOptions());
        var options = new GenerationOptions { Threads = 2 };
        var single = new MemoryStream();
        GenerationRunner.Run(lines.Schema, format, lines.Rows, single, options);

        var assembled = new MemoryStream();
        GenerationRunner.WriteHeader(lines.Schema, format, assembled, options);
        var results = new List<ShardResult>();
        var parts = new List<byte[]>();
        foreach (var shard in Shard.Split(lines.Rows, format.RowsPerBlock, 3).Reverse())
        {
            var part = new MemoryStream();
            results.Insert(0, GenerationRunner.RunShard(lines.Schema, format, lines.Rows, shard, part, options with { Threads = 1 }));
            parts.Insert(0, part.ToArray());
        }
        foreach (var part in parts) assembled.Write(part);
        GenerationRunner.WriteFooter(lines.Schema, format, lines.Rows, results, assembled, options);

        lines.Rows.Should().BeGreaterThan(format.RowsPerBlock * 3L, "every shard holds whole blocks");
        assembled.ToArray().Should().Equal(single.ToArray());
    }

    [Fact]
    public void The_archive_is_the_same_bytes_whatever_the_thread_count()
    {
        static string Hash(int threads)
        {
            var database = CompiledDatabase.Compile(DatabaseSchemaReader.Read(ExampleSchemas.Relational), 7, 20_000);
            var zip = new MemoryStream();
            DatabaseRunner.WriteZip(database, "csv", new FormatOptions(), zip, new GenerationOptions { Threads = threads, BatchSize = threads == 1 ? 4096 : 333 });
            return Convert.ToHexString(SHA256.HashData(zip.ToArray()));
        }

        Hash(1).Should().Be(Hash(3));
    }

    [Fact]
    public void A_large_parent_picked_at_random_is_recomputed_row_by_row_with_the_same_values()
    {
        // Products beyond one window of parents take the row-by-row path instead of a cached window.
        var schema = ExampleSchemas.Relational.Replace("\"rows\": 500", "\"rows\": 5000", StringComparison.Ordinal);
        var database = GeneratedDatabase.Generate(schema, rows: 500);
        var price = database["products"]["id"].Zip(database["products"]["price"]).ToDictionary(p => p.First!, p => p.Second);
        var lines = database["order_lines"];

        lines["product_id"].Select(id => price[id!]).Should().Equal(lines["unit_price"]);
        lines["product_id"].Distinct().Count().Should().BeGreaterThan(1000);
    }

    [Fact]
    public void A_null_key_has_null_parent_values()
    {
        var database = GeneratedDatabase.Generate("""
            {"tables": {"teams": {"rows": 20, "primary_key": "id", "fields": {"id": {"type": "int", "expression": "row + 1"},
                                                                         "budget": {"type": "int", "min": 1, "max": 100}}},
                        "players": {"rows": 2000, "fields": {"team": {"type": "ref", "table": "teams", "field": "id", "nullable": 0.3},
                                                             "team_budget": {"type": "int", "expression": "teams.budget"}}}}}
            """, rows: 0);
        var players = database["players"];

        var nulls = Enumerable.Range(0, 2000).Where(i => players["team"][i] is null).ToList();
        nulls.Count.Should().BeInRange(500, 700);
        nulls.Should().OnlyContain(i => players["team_budget"][i] == null);
        Enumerable.Range(0, 2000).Except(nulls).Should().OnlyContain(i => players["team_budget"][i] != null);
    }

    [Fact]
    public void A_unique_ref_gives_every_row_its_own_parent()
    {
        var database = GeneratedDatabase.Generate("""
            {"tables": {"people": {"rows": 1000, "primary_key": "id", "fields": {"id": {"type": "uuid"}}},
                        "passports": {"rows": 1000, "primary_key": "person", "fields": {"person": {"type": "ref", "table": "people", "field": "id", "unique": true}}}}}
            """, rows: 0);

        database["passports"]["person"].Should().OnlyHaveUniqueItems().And.BeEquivalentTo(database["people"]["id"]);
    }

    [Fact]
    public void Tables_with_fields_of_the_same_name_get_different_values()
    {
        var database = GeneratedDatabase.Generate("""
            {"tables": {"a": {"rows": 100, "fields": {"name": {"type": "name"}}}, "b": {"rows": 100, "fields": {"name": {"type": "name"}}}}}
            """, rows: 0);

        database["a"]["name"].Zip(database["b"]["name"]).Count(p => Equals(p.First, p.Second)).Should().BeLessThan(5);
    }
}
