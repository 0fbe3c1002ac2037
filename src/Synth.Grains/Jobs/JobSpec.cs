namespace Synth.Grains.Jobs;

/// <summary>
/// What a job generates: the same inputs as <c>synth run</c>, so its output is byte-identical to
/// <c>synth run</c> with the same schema, seed, format and options, however it was sharded.
/// </summary>
public sealed record JobSpec
{
    /// <summary>The schema's text (JSON or YAML), as given inline or resolved from <see cref="SchemaId"/> at submission.</summary>
    public required string SchemaText { get; init; }

    /// <summary>The stored schema the text came from, if any (for display).</summary>
    public string? SchemaId { get; init; }

    public required long Rows { get; init; }

    /// <summary>csv, tsv, json, jsonl, sql, xml or parquet.</summary>
    public required string Format { get; init; }

    /// <summary>null or "gzip".</summary>
    public string? Compression { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>Silo tags every silo generating this job's shards must have (e.g. "gpu").</summary>
    public IReadOnlyList<string> RequiredTags { get; init; } = [];

    /// <summary>1: one output file. N &gt; 1: N part files, each a complete file of consecutive rows.</summary>
    public int Parts { get; init; } = 1;

    /// <summary>Rows per shard (the unit a silo claims); null for the default.</summary>
    public long? ShardRows { get; init; }

    /// <summary>SQL: the table name; XML: the row element's parent. null for the default.</summary>
    public string? TableName { get; init; }

    /// <summary>SQL: postgres, mysql or sqlite. null for the default.</summary>
    public string? SqlDialect { get; init; }

    /// <summary>Free-form label shown in listings.</summary>
    public string? Name { get; init; }

    /// <summary>Who submitted it (the API's caller), for listings and access checks.</summary>
    public string? Owner { get; init; }
}
