using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Synth.Api.Schemas;

/// <summary>Body of <c>POST /schemas</c> and <c>POST /schemas/validate</c>: exactly one of the two.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SchemaRequest
{
    /// <summary>The schema as a JSON object (field name → spec).</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>The schema as text, JSON or YAML.</summary>
    public string? SchemaText { get; init; }
}

/// <summary>Answer of <c>POST /schemas/validate</c>: every problem, each with the JSON path it concerns.</summary>
public sealed record SchemaValidation(bool Valid, IReadOnlyList<SchemaProblem> Problems);

/// <param name="Path">JSON path into the schema, e.g. <c>$.income.std</c>.</param>
public sealed record SchemaProblem(string Path, string Message);
