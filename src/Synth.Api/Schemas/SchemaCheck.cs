using Synth.Api.Problems;
using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Api.Schemas;

/// <summary>
/// Checks schema text the way <c>synth schema validate</c> does: read (every problem with its JSON
/// path), then compile, which finds what only generation knows (expression types, a unique field
/// whose domain is smaller than the rows asked for). A multi-table schema (<c>tables</c>) is read
/// and compiled as a whole, so its problems name their table (<c>$.tables.orders.customer_id</c>).
/// </summary>
internal static class SchemaCheck
{
    /// <summary>Rows of a multi-table schema's tables that declare no count of their own, when checking without a row count (as <c>synth schema validate</c>).</summary>
    private const long DefaultTableRows = 1000;

    /// <summary>Every problem of a single- or multi-table schema; none when a job can run it with this seed and row count.</summary>
    public static IReadOnlyList<SchemaError> Check(string text, ulong seed = 0, long? rows = null)
    {
        try
        {
            var root = SchemaText.Parse(text);
            if (!SchemaReader.IsMultiTable(root)) return Compile(text, seed, rows).Problems;
            CompiledDatabase.Compile(DatabaseSchemaReader.Read(root), seed, rows ?? DefaultTableRows);
            return [];
        }
        catch (SchemaException e)
        {
            return e.Errors;
        }
    }

    /// <summary>A single-table schema compiled, or its problems (a multi-table one is a problem at <c>$.tables</c>).</summary>
    public static (CompiledSchema? Schema, IReadOnlyList<SchemaError> Problems) Compile(string text, ulong seed = 0, long? rows = null)
    {
        SchemaDefinition definition;
        try
        {
            definition = SchemaReader.Read(text);
        }
        catch (SchemaException e)
        {
            return (null, e.Errors);
        }
        try
        {
            return (CompiledSchema.Compile(definition, seed, rows), []);
        }
        catch (SchemaException e)
        {
            return (null, e.Errors);
        }
    }

    /// <summary>The problems keyed by JSON path, for a 422 answer.</summary>
    public static ValidationErrors ToErrors(IReadOnlyList<SchemaError> problems)
    {
        var errors = new ValidationErrors();
        foreach (var p in problems) errors.Add(p.Path, p.Message);
        return errors;
    }
}
