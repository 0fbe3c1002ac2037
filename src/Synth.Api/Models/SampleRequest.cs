using System.Text.Json.Serialization;

namespace Synth.Api.Models;

/// <summary>Body of <c>POST /models/{id}/samples</c>: how many rows, in which format. Sampling spends no budget.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SampleRequest
{
    /// <summary>Rows to sample, at least 1. Default 1,000.</summary>
    public long? Rows { get; init; }

    /// <summary>csv (default), tsv, json, jsonl, sql, xml or parquet: the formats of generation jobs.</summary>
    public string? Format { get; init; }

    /// <summary>Same model + rows + seed ⇒ same bytes. Default SYNTH_SEED of the server, else 42.</summary>
    public ulong? Seed { get; init; }

    /// <summary>null (none) or "gzip" (text formats: a gzip stream; parquet: gzip pages).</summary>
    public string? Compression { get; init; }

    /// <summary>A label for listings and the download's file name.</summary>
    public string? Name { get; init; }
}
