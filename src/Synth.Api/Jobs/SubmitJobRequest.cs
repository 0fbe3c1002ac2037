using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Synth.Api.Jobs;

/// <summary>Body of <c>POST /jobs</c>: the inputs of <c>synth run</c>, plus how to split the work.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitJobRequest
{
    /// <summary>The schema as a JSON object. Exactly one of schema, schemaText, schemaId.</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>The schema as text, JSON or YAML.</summary>
    public string? SchemaText { get; init; }

    /// <summary>The id of a schema stored with <c>POST /schemas</c>.</summary>
    public string? SchemaId { get; init; }

    /// <summary>Rows to generate, at least 1. Default 1,000 (as <c>synth run</c>).</summary>
    public long? Rows { get; init; }

    /// <summary>csv, tsv, json, jsonl, sql, xml or parquet. Default csv.</summary>
    public string? Format { get; init; }

    /// <summary>null (none) or "gzip".</summary>
    public string? Compression { get; init; }

    /// <summary>Same schema + seed ⇒ same bytes. Default SYNTH_SEED of the server, else 42.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Silo tags every silo generating this job must have, e.g. ["gpu"].</summary>
    public IReadOnlyList<string>? RequiredTags { get; init; }

    /// <summary>Output files: 1 (default) or N part files of consecutive rows.</summary>
    public int? Parts { get; init; }

    /// <summary>Rows per shard, the unit a silo claims; null for the default.</summary>
    public long? ShardRows { get; init; }

    /// <summary>SQL table name. Default "data".</summary>
    public string? TableName { get; init; }

    /// <summary>postgres (default), mysql or sqlite; format sql only.</summary>
    public string? SqlDialect { get; init; }

    /// <summary>A label shown in listings.</summary>
    public string? Name { get; init; }
}
