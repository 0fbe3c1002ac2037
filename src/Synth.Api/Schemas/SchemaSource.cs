using System.Text.Json.Nodes;
using Synth.Api.Problems;
using Synth.Grains.Schemas;
using Orleans;

namespace Synth.Api.Schemas;

/// <summary>Where a request's schema comes from: exactly one of an inline JSON object, text (JSON or YAML), or a stored schema's id.</summary>
internal sealed record SchemaSource(string? Text, string? SchemaId)
{
    /// <summary>Checks that exactly one source is given and is well-formed; null (with problems added) otherwise.</summary>
    public static SchemaSource? Check(JsonNode? schema, string? schemaText, string? schemaId, ValidationErrors errors, bool allowId = true)
    {
        var names = allowId ? "schema, schemaText or schemaId" : "schema or schemaText";
        var given = (schema is null ? 0 : 1) + (schemaText is null ? 0 : 1) + (schemaId is null ? 0 : 1);
        if (given != 1)
        {
            errors.Add("schema", given == 0 ? $"is missing: give one of {names}" : $"give only one of {names}");
            return null;
        }
        if (schema is not null)
        {
            if (schema is JsonObject) return new SchemaSource(schema.ToJsonString(), null);
            errors.Add("schema", "must be a JSON object of field name → spec (send JSON or YAML text in schemaText)");
            return null;
        }
        if (schemaText is not null)
        {
            if (!string.IsNullOrWhiteSpace(schemaText)) return new SchemaSource(schemaText, null);
            errors.Add("schemaText", "is empty");
            return null;
        }
        if (SchemaIds.IsValid(schemaId!)) return new SchemaSource(null, schemaId);
        errors.Add("schemaId", $"'{schemaId}' is not a schema id ('s' and 20 lowercase hex digits, as POST /schemas returns)");
        return null;
    }

    /// <summary>The schema's text; a stored one is fetched. Null when no schema has the id.</summary>
    public async Task<string?> ReadTextAsync(IGrainFactory grains) =>
        Text ?? (await grains.GetGrain<ISchemaGrain>(SchemaId!).GetAsync().ConfigureAwait(false))?.Text;
}
