using Synth.Core.Formats.Parquet;
using Synth.Core.Formats.Text;

namespace Synth.Core.Formats;

/// <summary>Creates an <see cref="OutputFormat"/> from its short name, as given on the command line or in a job request.</summary>
public static class OutputFormats
{
    /// <summary>Every name <see cref="Create"/> accepts, lowercase.</summary>
    public static IReadOnlyList<string> Names { get; } = ["csv", "tsv", "json", "jsonl", "sql", "xml", "parquet"];

    /// <summary>Creates the format called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static OutputFormat Create(string name, FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        return name.Trim().ToLowerInvariant() switch
        {
            "csv" => new CsvFormat(),
            "tsv" => new TsvFormat(),
            "json" => new JsonFormat(),
            "jsonl" => new JsonLinesFormat(),
            "sql" => new SqlFormat(options),
            "xml" => new XmlFormat(),
            "parquet" => new ParquetFormat(options),
            _ => throw new ArgumentException(
                $"Unknown output format '{name}'. Valid formats: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// The media type of a file in the format called <paramref name="name"/>; with
    /// <paramref name="streamGzip"/> (text formats gzipped as a whole) application/gzip.
    /// </summary>
    public static string MediaType(string name, bool streamGzip = false) => streamGzip ? "application/gzip" : name switch
    {
        "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "jsonl" => "application/x-ndjson; charset=utf-8",
        "sql" => "application/sql; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    };
}
