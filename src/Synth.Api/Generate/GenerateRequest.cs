using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Synth.Api.Generate;

/// <summary>Body of <c>POST /generate</c>: a small batch, generated at once and returned as the answer's body.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GenerateRequest
{
    /// <summary>The schema as a JSON object. Exactly one of schema, schemaText.</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>The schema as text, JSON or YAML.</summary>
    public string? SchemaText { get; init; }

    /// <summary>Rows, 0 to Synth:Api:MaxGenerateRows (default 10,000; more is a 413: submit a job). Default 1,000.</summary>
    public long? Rows { get; init; }

    /// <summary>csv, tsv, json, jsonl, sql, xml or parquet. Default csv.</summary>
    public string? Format { get; init; }

    /// <summary>null (none) or "gzip".</summary>
    public string? Compression { get; init; }

    /// <summary>Same schema + seed ⇒ same bytes. Default SYNTH_SEED of the server, else 42.</summary>
    public ulong? Seed { get; init; }

    /// <summary>SQL table name. Default "data".</summary>
    public string? TableName { get; init; }

    /// <summary>postgres (default), mysql or sqlite; format sql only.</summary>
    public string? SqlDialect { get; init; }
}
