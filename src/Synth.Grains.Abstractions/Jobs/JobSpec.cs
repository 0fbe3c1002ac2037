namespace Synth.Grains.Jobs;

/// <summary>
/// What a job does. A generation job (the default kind) has the same inputs as <c>synth run</c>, so
/// its output is byte-identical to <c>synth run</c> with the same schema, seed, format and options,
/// however it was sharded. A fit job carries <see cref="Fit"/>, a sample job <see cref="Sample"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobSpec")]
public sealed record JobSpec
{
    /// <summary>Generate (default), fit or sample.</summary>
    [Id(0)]
    public JobKind Kind { get; init; } = JobKind.Generate;

    /// <summary>The schema's text (JSON or YAML), as given inline or resolved from <see cref="SchemaId"/> at submission. Generation jobs only.</summary>
    [Id(1)]
    public string SchemaText { get; init; } = "";

    /// <summary>The fit's inputs; fit jobs only.</summary>
    [Id(2)]
    public FitJobSpec? Fit { get; init; }

    /// <summary>The model sampled; sample jobs only.</summary>
    [Id(3)]
    public SampleJobSpec? Sample { get; init; }

    /// <summary>The stored schema the text came from, if any (for display).</summary>
    [Id(4)]
    public string? SchemaId { get; init; }

    /// <summary>Rows to write (generate, sample); a fit's dataset rows (for display).</summary>
    [Id(5)]
    public required long Rows { get; init; }

    /// <summary>csv, tsv, json, jsonl, sql, xml or parquet (sample jobs: csv, jsonl or json; fit jobs: "model").</summary>
    [Id(6)]
    public required string Format { get; init; }

    /// <summary>null or "gzip".</summary>
    [Id(7)]
    public string? Compression { get; init; }

    [Id(8)]
    public required ulong Seed { get; init; }

    /// <summary>Silo tags every silo generating this job's shards must have (e.g. "gpu").</summary>
    [Id(9)]
    public IReadOnlyList<string> RequiredTags { get; init; } = [];

    /// <summary>1: one output file. N &gt; 1: N part files, each a complete file of consecutive rows.</summary>
    [Id(10)]
    public int Parts { get; init; } = 1;

    /// <summary>Rows per shard (the unit a silo claims); null for the default.</summary>
    [Id(11)]
    public long? ShardRows { get; init; }

    /// <summary>SQL: the table name; XML: the row element's parent. null for the default.</summary>
    [Id(12)]
    public string? TableName { get; init; }

    /// <summary>SQL: postgres, mysql or sqlite. null for the default.</summary>
    [Id(13)]
    public string? SqlDialect { get; init; }

    /// <summary>Free-form label shown in listings.</summary>
    [Id(14)]
    public string? Name { get; init; }

    /// <summary>Who submitted it (the API's caller), for listings and access checks.</summary>
    [Id(15)]
    public string? Owner { get; init; }
}
