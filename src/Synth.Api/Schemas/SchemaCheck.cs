using Synth.Api.Problems;
using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Api.Schemas;

/// <summary>
/// Checks schema text the way <c>synth schema validate</c> does: read (every problem with its JSON
/// path), then compile, which finds what only generation knows (expression types, a unique field
/// whose domain is smaller than the rows asked for).
/// </summary>
internal static class SchemaCheck
{
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
