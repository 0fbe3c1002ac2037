using System.Text.RegularExpressions;
using Synth.Api.Problems;
using Synth.Core.Formats;

namespace Synth.Api.Formats;

/// <summary>
/// The output half of a request (format, compression, SQL table and dialect), checked and
/// normalised: lowercase names, "gzip" or none. Mapped to Synth.Core exactly as <c>synth run</c> maps
/// its flags, so the same request gives the same bytes through the API and the CLI.
/// </summary>
internal sealed partial record OutputChoice(string Format, bool Gzip, string? TableName, string? SqlDialect)
{
    public static IReadOnlyList<string> Dialects { get; } = ["postgres", "mysql", "sqlite"];

    /// <summary>"gzip" or null, as <c>JobSpec.Compression</c> has it.</summary>
    public string? Compression => Gzip ? "gzip" : null;

    /// <summary>Checks the fields (adding one problem per bad field to <paramref name="errors"/>); null when any is bad.</summary>
    public static OutputChoice? Check(string? format, string? compression, string? tableName, string? sqlDialect, ValidationErrors errors)
    {
        var before = errors.Count;
        var name = (format ?? "csv").Trim().ToLowerInvariant();
        if (!OutputFormats.Names.Contains(name)) errors.Add("format", $"unknown format '{format}'; one of {string.Join(", ", OutputFormats.Names)}");

        var gzip = false;
        switch (compression?.Trim().ToLowerInvariant())
        {
            case null or "none":
                break;
            case "gzip":
                gzip = true;
                break;
            default:
                errors.Add("compression", $"unknown compression '{compression}'; null (none) or \"gzip\"");
                break;
        }

        if (tableName is not null && !Identifier().IsMatch(tableName))
        {
            errors.Add("tableName", "must be 1 to 63 letters, digits or underscores, not starting with a digit");
        }

        var dialect = sqlDialect?.Trim().ToLowerInvariant();
        if (dialect is not null)
        {
            if (!Dialects.Contains(dialect)) errors.Add("sqlDialect", $"unknown SQL dialect '{sqlDialect}'; one of {string.Join(", ", Dialects)}");
            else if (name != "sql") errors.Add("sqlDialect", $"applies only to format sql (the format is {name})");
        }
        return errors.Count > before ? null : new OutputChoice(name, gzip, tableName, dialect);
    }

    public FormatOptions FormatOptions => new()
    {
        TableName = TableName ?? "data",
        SqlDialect = SqlDialect switch
        {
            "mysql" => Core.Formats.SqlDialect.MySql,
            "sqlite" => Core.Formats.SqlDialect.Sqlite,
            _ => Core.Formats.SqlDialect.Postgres,
        },
        Gzip = Gzip,
    };

    public OutputFormat CreateFormat() => OutputFormats.Create(Format, FormatOptions);

    /// <summary>The media type of the bytes: gzip-wrapped text is application/gzip; Parquet compresses its pages and stays Parquet.</summary>
    public string ContentType => OutputFormats.MediaType(Format, streamGzip: Gzip && Format != "parquet");

    /// <summary>e.g. data.csv, data.jsonl.gz, data.parquet.</summary>
    public string FileName(string stem) => stem + "." + Format + (Gzip && Format != "parquet" ? ".gz" : "");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
