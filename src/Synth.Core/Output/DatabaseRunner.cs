using System.Diagnostics;
using System.IO.Compression;
using Synth.Core.Formats;
using Synth.Core.Generation;

namespace Synth.Core.Output;

/// <summary>
/// Writes every table of a <see cref="CompiledDatabase"/>: one SQL script (each table's
/// CREATE TABLE with its keys and its inserts, in dependency order), one file per table, or one
/// zip archive of those files. Each table's bytes are exactly those of
/// <see cref="GenerationRunner.Run"/> on it, so a table can also be made alone, or in shards.
/// </summary>
public static class DatabaseRunner
{
    // Zip entries carry a time; a fixed one keeps the archive's bytes a function of schema and seed.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The format for one table: <paramref name="formatName"/> with the table's name (SQL's CREATE TABLE and INSERT).</summary>
    public static OutputFormat FormatFor(CompiledTable table, string formatName, FormatOptions options) =>
        OutputFormats.Create(formatName, options with { TableName = table.Name });

    /// <summary>A table's file name: <c>orders.csv</c>, <c>orders.csv.gz</c>, <c>orders.parquet</c>.</summary>
    public static string FileName(CompiledTable table, OutputFormat format, bool streamGzip) =>
        table.Name + format.Extension + (streamGzip ? ".gz" : "");

    /// <summary>One table, as a file of its own.</summary>
    public static GenerationResult WriteTable(CompiledTable table, OutputFormat format, Stream output, GenerationOptions options,
        Action<long>? progress = null, CancellationToken cancellationToken = default) =>
        GenerationRunner.Run(table.Schema, format, table.Rows, output, options, progress, cancellationToken);

    /// <summary>Every table into one SQL script, parents first, so it loads with foreign keys checked.</summary>
    public static GenerationResult WriteSqlScript(CompiledDatabase database, FormatOptions sql, Stream output, GenerationOptions options,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        long rows = 0, bytes = 0;
        foreach (var table in database.Tables)
        {
            var done = rows;
            var result = WriteTable(table, FormatFor(table, "sql", sql), output, options, progress is null ? null : n => progress(done + n), cancellationToken);
            rows += result.Rows;
            bytes += result.Bytes;
        }
        return new GenerationResult(rows, bytes, stopwatch.Elapsed);
    }

    /// <summary>
    /// Every table as a file of its own, each opened with <paramref name="open"/> (given the file
    /// name) and disposed once written.
    /// </summary>
    public static GenerationResult WriteFiles(CompiledDatabase database, string formatName, FormatOptions formatOptions, Func<string, Stream> open,
        GenerationOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        long rows = 0, bytes = 0;
        foreach (var table in database.Tables)
        {
            var format = FormatFor(table, formatName, formatOptions);
            var done = rows;
            using var stream = open(FileName(table, format, options.Gzip));
            var result = WriteTable(table, format, stream, options, progress is null ? null : n => progress(done + n), cancellationToken);
            rows += result.Rows;
            bytes += result.Bytes;
        }
        return new GenerationResult(rows, bytes, stopwatch.Elapsed);
    }

    /// <summary>Every table as an entry of one zip archive (deflated unless already compressed).</summary>
    public static GenerationResult WriteZip(CompiledDatabase database, string formatName, FormatOptions formatOptions, Stream output,
        GenerationOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var compressed = options.Gzip || formatName == "parquet";
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var result = WriteFiles(database, formatName, formatOptions, name =>
            {
                var entry = zip.CreateEntry(name, compressed ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
                entry.LastWriteTime = EntryTime;
                return entry.Open();
            }, options, progress, cancellationToken);
            return result with { Elapsed = stopwatch.Elapsed };
        }
    }
}
