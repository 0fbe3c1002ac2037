using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;

namespace Synth.Grains.Jobs;

/// <summary>
/// A job spec turned into what the engine runs: the compiled schema, the format and the stream
/// gzip flag, made exactly as <c>synth run</c> makes them, so a job's bytes are that command's.
/// </summary>
internal sealed record JobRecipe(CompiledSchema Schema, OutputFormat Format, bool StreamGzip)
{
    public static IReadOnlyList<string> Compressions { get; } = ["gzip"];

    public static IReadOnlyList<string> SqlDialects { get; } = ["postgres", "mysql", "sqlite"];

    /// <summary>Throws <see cref="ArgumentException"/> naming the field, or <see cref="SchemaException"/> with every schema problem.</summary>
    public static JobRecipe From(JobSpec spec)
    {
        Validate(spec);
        var definition = SchemaReader.Read(spec.SchemaText);
        var (format, streamGzip) = Output(spec);
        return new JobRecipe(CompiledSchema.Compile(definition, spec.Seed, spec.Rows), format, streamGzip);
    }

    /// <summary>The job's output format, made as <c>synth run</c> makes it, and whether its stream is gzipped (else the format compresses itself, or nothing is).</summary>
    public static (OutputFormat Format, bool StreamGzip) Output(JobSpec spec)
    {
        ValidateOutput(spec);
        var gzip = spec.Compression == "gzip";
        var format = OutputFormats.Create(spec.Format, new FormatOptions
        {
            TableName = spec.TableName ?? new FormatOptions().TableName,
            SqlDialect = spec.SqlDialect switch
            {
                "mysql" => SqlDialect.MySql,
                "sqlite" => SqlDialect.Sqlite,
                _ => SqlDialect.Postgres,
            },
            Gzip = gzip,
        });
        return (format, gzip && format.SupportsStreamGzip);
    }

    public GenerationOptions Options(int threads) => new() { Threads = threads, Gzip = StreamGzip };

    /// <summary>The output file's name: job name (or "synth") + the format's extension (+ .gz).</summary>
    public string FileName(JobSpec spec, int file)
    {
        var stem = Stem(spec.Name, "synth");
        var part = spec.Parts > 1 ? $"-part-{file + 1:D5}-of-{spec.Parts:D5}" : "";
        return $"{stem}{part}{Format.Extension}{(StreamGzip ? ".gz" : "")}";
    }

    public string ContentType => OutputFormats.MediaType(Format.Name, StreamGzip);

    /// <summary>A file name stem from a job's name (characters other than letters, digits, '-', '_', '.' become '_'), or <paramref name="fallback"/>.</summary>
    public static string Stem(string? name, string fallback) =>
        string.IsNullOrWhiteSpace(name) ? fallback : string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static void Validate(JobSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.SchemaText)) throw new ArgumentException("schema: is empty");
        if (spec.Rows < 0) throw new ArgumentException("rows: must be >= 0");
        if (spec.Parts < 1) throw new ArgumentException("parts: must be >= 1");
        if (spec.ShardRows is < 1) throw new ArgumentException("shardRows: must be >= 1");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the output field (format, compression, SQL dialect, table name) that cannot be made.</summary>
    private static void ValidateOutput(JobSpec spec)
    {
        if (!OutputFormats.Names.Contains(spec.Format)) throw new ArgumentException($"format: unknown format '{spec.Format}'; one of {string.Join(", ", OutputFormats.Names)}");
        if (spec.Compression is not null && !Compressions.Contains(spec.Compression)) throw new ArgumentException($"compression: unknown '{spec.Compression}'; null or gzip");
        if (spec.SqlDialect is not null && !SqlDialects.Contains(spec.SqlDialect)) throw new ArgumentException($"sqlDialect: unknown '{spec.SqlDialect}'; one of {string.Join(", ", SqlDialects)}");
        if (spec.TableName is { Length: 0 }) throw new ArgumentException("tableName: is empty");
    }
}
