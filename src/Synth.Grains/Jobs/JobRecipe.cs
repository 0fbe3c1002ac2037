using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Output.Zip;
using Synth.Core.Schema;

namespace Synth.Grains.Jobs;

/// <summary>
/// A job spec turned into what the engine runs: the compiled tables, the format and the stream
/// gzip flag, made exactly as <c>synth run</c> makes them, so a job's bytes are that command's.
/// A multi-table schema's tables are compiled together (<see cref="CompiledDatabase"/>); its job
/// writes one file, a zip archive of a file per table (<see cref="Archive"/>) or, for SQL, one
/// script with every table, parents first.
/// </summary>
internal sealed record JobRecipe(IReadOnlyList<JobTable> Tables, OutputFormat Format, bool StreamGzip, bool IsMultiTable)
{
    public static IReadOnlyList<string> Compressions { get; } = ["gzip"];

    public static IReadOnlyList<string> SqlDialects { get; } = ["postgres", "mysql", "sqlite"];

    /// <summary>Throws <see cref="ArgumentException"/> naming the field, or <see cref="SchemaException"/> with every schema problem.</summary>
    public static JobRecipe From(JobSpec spec)
    {
        Validate(spec);
        var root = SchemaText.Parse(spec.SchemaText);
        var (format, streamGzip) = Output(spec);
        if (!SchemaReader.IsMultiTable(root))
        {
            var schema = CompiledSchema.Compile(SchemaReader.Read(root), spec.Seed, spec.Rows);
            return new JobRecipe([new JobTable(null, schema, format, spec.Rows)], format, streamGzip, IsMultiTable: false);
        }
        if (spec.Parts > 1) throw new ArgumentException("parts: a multi-table schema's job writes one archive (or one SQL script); parts must be 1");
        var database = CompiledDatabase.Compile(DatabaseSchemaReader.Read(root), spec.Seed, spec.Rows);
        var options = FormatOptions(spec);
        var tables = database.Tables.Select(t => new JobTable(t.Name, t.Schema, DatabaseRunner.FormatFor(t, spec.Format, options), t.Rows)).ToList();
        return new JobRecipe(tables, format, streamGzip, IsMultiTable: true);
    }

    /// <summary>
    /// How each table's file is stored when the job's file is a zip archive (a multi-table schema in
    /// any format but SQL), as <see cref="DatabaseRunner.WriteZip"/> stores it; null otherwise.
    /// </summary>
    public ZipMethod? Archive => IsMultiTable && Format.Name != "sql" ? DatabaseRunner.ZipMethodFor(Format.Name, StreamGzip) : null;

    /// <summary>The job's output format, made as <c>synth run</c> makes it, and whether its stream is gzipped (else the format compresses itself, or nothing is).</summary>
    public static (OutputFormat Format, bool StreamGzip) Output(JobSpec spec)
    {
        ValidateOutput(spec);
        var format = OutputFormats.Create(spec.Format, FormatOptions(spec));
        return (format, spec.Compression == "gzip" && format.SupportsStreamGzip);
    }

    private static FormatOptions FormatOptions(JobSpec spec) => new()
    {
        TableName = spec.TableName ?? new FormatOptions().TableName,
        SqlDialect = spec.SqlDialect switch
        {
            "mysql" => SqlDialect.MySql,
            "sqlite" => SqlDialect.Sqlite,
            _ => SqlDialect.Postgres,
        },
        Gzip = spec.Compression == "gzip",
    };

    public GenerationOptions Options(int threads) => new() { Threads = threads, Gzip = StreamGzip, ZipEntry = Archive };

    /// <summary>The output file's name: job name (or "synth") + the format's extension (+ .gz), or .zip for an archive of tables.</summary>
    public string FileName(JobSpec spec, int file)
    {
        var stem = Stem(spec.Name, "synth");
        if (Archive is not null) return stem + ".zip";
        var part = spec.Parts > 1 ? $"-part-{file + 1:D5}-of-{spec.Parts:D5}" : "";
        return $"{stem}{part}{Format.Extension}{(StreamGzip ? ".gz" : "")}";
    }

    public string ContentType => Archive is not null ? "application/zip" : OutputFormats.MediaType(Format.Name, StreamGzip);

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
