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
}
