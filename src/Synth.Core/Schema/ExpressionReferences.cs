using Synth.Core.Expressions;

namespace Synth.Core.Schema;

/// <summary>The fields an expression reads, found before any layout exists (to order fields and find cycles).</summary>
internal static class ExpressionReferences
{
    public static IReadOnlyList<string> Of(FieldSpec field, List<SchemaError> errors)
    {
        try
        {
            return ExpressionParser.Parse(field.Expression ?? "").CollectReferences();
        }
        catch (ExpressionException e)
        {
            errors.Add(new SchemaError($"{field.Path}.expression", e.Message));
            return [];
        }
    }
}
