using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Schema;

public class DatabaseSchemaReaderTests
{
    [Fact]
    public void The_relational_example_reads_with_its_tables_parents_first()
    {
        var schema = DatabaseSchemaReader.Read(ExampleSchemas.Relational);

        schema.Tables.Select(t => t.Name).Should().Equal("products", "customers", "orders", "order_lines");
        var lines = schema.Get("order_lines");
        lines.PrimaryKey.Should().Equal("order_id", "line_no");
        lines.ParentRef!.Name.Should().Be("order_id");
        lines.ParentRef.Ref!.PerParent!.Lambda.Should().Be(1.5);
        lines.Refs.Select(r => r.Ref!.Table).Should().Equal("orders", "products");
        schema.Get("orders").Schema.Find("status")!.When!.Field.Should().Be("customers.tier", "a parent's category may drive when");
    }

    [Fact]
    public void Tables_come_in_dependency_order_whatever_their_declaration_order()
    {
        var schema = DatabaseSchemaReader.Read("""
            {"tables": {
              "lines": {"fields": {"order_id": {"type": "ref", "table": "orders", "field": "id", "per_parent": 2}}},
              "orders": {"primary_key": "id", "fields": {"id": {"type": "int", "expression": "row + 1"},
                         "customer_id": {"type": "ref", "table": "customers", "field": "id", "per_parent": 3}}},
              "customers": {"rows": 10, "primary_key": "id", "fields": {"id": {"type": "uuid"}}}}}
            """);

        schema.Tables.Select(t => t.Name).Should().Equal("customers", "orders", "lines");
    }

    [Fact]
    public void A_reference_cycle_is_an_error_that_names_its_tables()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {
              "a": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "b_id": {"type": "ref", "table": "b", "field": "id"}}},
              "b": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "c_id": {"type": "ref", "table": "c", "field": "id"}}},
              "c": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "a_id": {"type": "ref", "table": "a", "field": "id"}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle(e => e.Message.StartsWith("reference cycle: a → b → c → a"));
    }

    [Fact]
    public void A_table_referencing_itself_is_a_cycle()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {"staff": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "boss": {"type": "ref", "table": "staff", "field": "id"}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Be(new SchemaError("$.tables.staff.fields.boss.table", "reference cycle: staff → staff (a table cannot reference itself, directly or through others)"));
    }

    [Fact]
    public void Unknown_tables_and_fields_are_named_with_a_suggestion()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {
              "customers": {"primary_key": "id", "fields": {"id": {"type": "uuid"}}},
              "orders": {"fields": {"a": {"type": "ref", "table": "customer", "field": "id"}, "b": {"type": "ref", "table": "customers", "field": "idd"}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Should().BeEquivalentTo(new[]
        {
            new SchemaError("$.tables.orders.fields.a.table", "unknown table 'customer' (did you mean 'customers'?)"),
            new SchemaError("$.tables.orders.fields.b.field", "unknown field 'idd' of table customers (did you mean 'id'?)"),
        });
    }

    [Fact]
    public void A_ref_must_point_at_a_key()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {"customers": {"fields": {"id": {"type": "uuid"}, "name": {"type": "name"}}},
                        "orders": {"fields": {"c": {"type": "ref", "table": "customers", "field": "name"}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Single().Message.Should().StartWith("customers.name is not a key of customers");
    }

    [Fact]
    public void A_primary_key_must_be_unique_by_construction()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {"t": {"primary_key": "code", "fields": {"code": {"type": "int", "min": 1, "max": 9}}},
                        "u": {"primary_key": ["a", "b"], "fields": {"a": {"type": "int", "min": 1, "max": 9}, "b": {"type": "bool"}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Select(e => e.Path).Should().Equal("$.tables.t.primary_key", "$.tables.u.primary_key");
    }

    [Fact]
    public void A_parent_and_the_position_among_its_children_make_a_composite_key()
    {
        var schema = DatabaseSchemaReader.Read("""
            {"tables": {"orders": {"primary_key": "id", "fields": {"id": {"type": "int", "expression": "row + 1"}}},
                        "lines": {"primary_key": ["order_id", "n"], "fields": {
                          "order_id": {"type": "ref", "table": "orders", "field": "id", "per_parent": {"min": 1, "max": 4}},
                          "n": {"type": "int", "expression": "child + 1"}}}}}
            """);

        schema.Get("lines").PrimaryKey.Should().Equal("order_id", "n");
    }

    [Fact]
    public void Only_one_ref_of_a_table_makes_its_rows_and_then_it_declares_no_rows()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {"a": {"primary_key": "id", "fields": {"id": {"type": "uuid"}}},
                        "b": {"rows": 5, "fields": {"x": {"type": "ref", "table": "a", "field": "id", "per_parent": 1},
                                                    "y": {"type": "ref", "table": "a", "field": "id", "per_parent": 2}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Select(e => e.Path).Should().BeEquivalentTo("$.tables.b.fields.y.per_parent", "$.tables.b.rows");
    }

    [Theory]
    [InlineData("""{"min": -1, "max": 3}""", "$.tables.b.fields.x.per_parent.min", "a parent cannot have fewer than 0 children")]
    [InlineData("""{"min": 5, "max": 2}""", "$.tables.b.fields.x.per_parent.max", "must be >= min (5)")]
    [InlineData("-2", "$.tables.b.fields.x.per_parent", "must be a whole number of children")]
    [InlineData("""{"distribution": "poisson", "lambda": 0}""", "$.tables.b.fields.x.per_parent.lambda", "must be > 0")]
    public void Impossible_children_per_parent_are_refused(string perParent, string path, string message)
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {"a": {"primary_key": "id", "fields": {"id": {"type": "uuid"}}},
                        "b": {"fields": {"x": {"type": "ref", "table": "a", "field": "id", "per_parent": PER_PARENT}}}}}
            """.Replace("PER_PARENT", perParent, StringComparison.Ordinal));

        act.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle(e => e.Path == path && e.Message.StartsWith(message));
    }

    [Fact]
    public void A_one_to_one_ref_needs_as_many_parents_as_rows()
    {
        var schema = DatabaseSchemaReader.Read("""
            {"tables": {"people": {"rows": 10, "primary_key": "id", "fields": {"id": {"type": "int", "expression": "row + 1"}}},
                        "passports": {"rows": 11, "fields": {"person": {"type": "ref", "table": "people", "field": "id", "unique": true}}}}}
            """);

        var act = () => CompiledDatabase.Compile(schema, seed: 1, defaultRows: 1000);

        act.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Be(new SchemaError("$.tables.passports.fields.person.unique", "one-to-one needs a parent per row: passports has 11 rows but people only 10"));
    }

    [Fact]
    public void More_tables_than_the_limit_are_refused_naming_it()
    {
        var tables = string.Join(",", Enumerable.Range(0, InputLimits.MaxTables + 1).Select(i => $"\"t{i}\": {{\"rows\": 1, \"fields\": {{\"x\": {{\"type\": \"bool\"}}}}}}"));

        var act = () => DatabaseSchemaReader.Read($"{{\"tables\": {{{tables}}}}}");

        act.Should().Throw<SchemaException>().Which.Errors.Single().Should().Be(new SchemaError("$.tables", "declares 65 tables; the limit is 64"));
    }

    [Fact]
    public void The_field_limit_counts_the_fields_of_every_table()
    {
        var fields = string.Join(",", Enumerable.Range(0, InputLimits.MaxFields / 2 + 1).Select(i => $"\"f{i}\": {{\"type\": \"bool\"}}"));
        var table = $"{{\"rows\": 1, \"fields\": {{{fields}}}}}";

        var act = () => DatabaseSchemaReader.Read($"{{\"tables\": {{\"a\": {table}, \"b\": {table}}}}}");

        act.Should().Throw<SchemaException>().Which.Errors.Single().Message.Should().Be("declares 10,002 fields over all tables; the limit is 10,000");
    }

    [Fact]
    public void Too_many_parents_for_per_parent_are_refused_before_any_count_is_drawn()
    {
        var schema = DatabaseSchemaReader.Read("""
            {"tables": {"a": {"rows": 1000000001, "primary_key": "id", "fields": {"id": {"type": "int", "expression": "row + 1"}}},
                        "b": {"fields": {"x": {"type": "ref", "table": "a", "field": "id", "per_parent": 1}}}}}
            """);

        var act = () => CompiledDatabase.Compile(schema, seed: 1, defaultRows: 0);

        act.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle()
            .Which.Path.Should().Be("$.tables.b.fields.x.per_parent");
    }

    [Fact]
    public void Parent_values_in_expressions_must_name_a_referenced_table_and_its_field()
    {
        var act = () => DatabaseSchemaReader.Read("""
            {"tables": {"customers": {"primary_key": "id", "fields": {"id": {"type": "uuid"}, "age": {"type": "int", "min": 18, "max": 90}}},
                        "orders": {"fields": {"c": {"type": "ref", "table": "customers", "field": "id"},
                                              "x": {"type": "int", "expression": "customers.agee + 1"},
                                              "y": {"type": "int", "expression": "products.price"},
                                              "z": {"type": "int", "expression": "child"}}}}}
            """);

        act.Should().Throw<SchemaException>().Which.Errors.Select(e => e.ToString()).Should().BeEquivalentTo(
            "$.tables.orders.fields.x.expression: unknown field 'agee' of table customers (did you mean 'age'?)",
            "$.tables.orders.fields.y.expression: 'products.price': products is not a table this one references (it references customers)",
            "$.tables.orders.fields.z.expression: 'child' (the position among a parent's children) needs a ref with per_parent in this table");
    }

    [Fact]
    public void A_ref_outside_a_multi_table_schema_is_refused()
    {
        var act = () => SchemaReader.Read("""{"c": {"type": "ref", "table": "customers", "field": "id"}}""");

        act.Should().Throw<SchemaException>().Which.Errors.Single().Path.Should().Be("$.c.type");
    }

    [Fact]
    public void A_single_table_reader_refuses_a_multi_table_schema_with_a_clear_message()
    {
        var act = () => SchemaReader.Read(ExampleSchemas.Relational);

        act.Should().Throw<SchemaException>().Which.Errors.Single().Path.Should().Be("$.tables");
    }

    [Fact]
    public void A_field_called_tables_still_makes_a_single_table_schema()
    {
        SchemaReader.Read("""{"tables": {"type": "int", "min": 1, "max": 4}}""").Fields.Single().Name.Should().Be("tables");
    }

    [Fact]
    public void Table_names_must_be_safe_as_file_and_SQL_names()
    {
        var act = () => DatabaseSchemaReader.Read("""{"tables": {"../etc": {"fields": {"x": {"type": "bool"}}}}}""");

        act.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle(e => e.Path == "$.tables['../etc']");
    }
}
