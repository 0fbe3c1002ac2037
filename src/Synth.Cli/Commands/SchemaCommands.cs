using System.CommandLine;
using Synth.Core.Schema;

namespace Synth.Cli.Commands;

/// <summary><c>synth schema create-example</c> and <c>synth schema validate</c>.</summary>
public static class SchemaCommands
{
    public static Command Create()
    {
        // The seed's tabular example unless another is asked for: what a new user types first should work.
        var kind = new Argument<string>("kind") { Description = "tabular (default), timeseries or relational", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "tabular" };
        kind.AcceptOnlyFromAmong([.. ExampleSchemas.Kinds]);
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: standard output)" };
        var example = new Command("create-example", "Write an example schema to start from") { kind, output };
        example.SetAction(r => CreateExample(r.GetValue(kind)!, r.GetValue(output)));

        var file = new Argument<string>("file") { Description = "Schema file (JSON or YAML)" };
        var validate = new Command("validate", "Check a schema and report every problem with its JSON path") { file };
        validate.SetAction(r => Validate(r.GetValue(file)!));

        return new Command("schema", "Create and check schemas") { example, validate };
    }

    private static int CreateExample(string kind, string? output)
    {
        var text = ExampleSchemas.For(kind);
        if (output is null or "-")
        {
            Console.Out.Write(text);
        }
        else
        {
            AtomicFile.WriteAllText(output, text);
            Console.Error.WriteLine($"wrote {kind} example schema to {output}");
        }
        return ExitCodes.Ok;
    }

    private static int Validate(string file)
    {
        var root = SchemaText.ParseFile(file);
        if (SchemaReader.IsMultiTable(root))
        {
            var database = DatabaseSchemaReader.Read(root);
            // Compiling checks expressions, locale data and cardinalities (with 1,000 rows where a table has no count of its own).
            Synth.Core.Generation.CompiledDatabase.Compile(database, seed: 0, defaultRows: 1000);
            var fields = database.Tables.Sum(t => t.Schema.Fields.Count);
            Console.Out.WriteLine($"{file}: valid multi-table schema with {database.Tables.Count} tables ({string.Join(", ", database.Tables.Select(t => t.Name))}, parents first) and {fields} fields");
            return ExitCodes.Ok;
        }
        var schema = SchemaReader.Read(root);
        // Compiling checks what only generation knows (expression types, locale data).
        Synth.Core.Generation.CompiledSchema.Compile(schema, seed: 0);
        var kind = schema.TimeSeries is null ? "tabular" : "time series";
        Console.Out.WriteLine($"{file}: valid {kind} schema with {schema.Fields.Count} fields");
        return ExitCodes.Ok;
    }
}
