using System.CommandLine;
using Synth.Core.Schema;

namespace Synth.Cli.Commands;

/// <summary><c>synth schema create-example</c> and <c>synth schema validate</c>.</summary>
public static class SchemaCommands
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "tabular or timeseries" };
        kind.AcceptOnlyFromAmong("tabular", "timeseries");
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
        var schema = SchemaReader.ReadFile(file);
        // Compiling checks what only generation knows (expression types, locale data).
        Synth.Core.Generation.CompiledSchema.Compile(schema, seed: 0);
        var kind = schema.TimeSeries is null ? "tabular" : "time series";
        Console.Out.WriteLine($"{file}: valid {kind} schema with {schema.Fields.Count} fields");
        return ExitCodes.Ok;
    }
}
