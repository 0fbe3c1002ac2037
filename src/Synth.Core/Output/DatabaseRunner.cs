using System.Diagnostics;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output.Zip;

namespace Synth.Core.Output;

/// <summary>
/// Writes every table of a <see cref="CompiledDatabase"/>: one SQL script (each table's
/// CREATE TABLE with its keys and its inserts, in dependency order), one file per table, or one
/// zip archive of those files. Each table's bytes are exactly those of
/// <see cref="GenerationRunner.Run"/> on it, so a table can also be made alone, or in shards.
/// </summary>
public static class DatabaseRunner
{
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

    /// <summary>
    /// How a table's file is stored in the archive: as it is when it compresses itself (gzip,
    /// Parquet), else deflated, one segment per block (<see cref="ZipEntryData"/>).
    /// </summary>
    public static ZipMethod ZipMethodFor(string formatName, bool streamGzip) =>
        streamGzip || formatName == "parquet" ? ZipMethod.Stored : ZipMethod.Deflated;

    /// <summary>
    /// Every table as an entry of one zip archive (<see cref="ZipHeaders"/>: fixed times, zip64
    /// sizes), deflated unless already compressed. Each entry's data is made of pieces that do
    /// not depend on how its rows were split, so a cluster job assembles the same bytes from shards.
    /// The stream must be seekable: each local header is completed once its entry is written.
    /// </summary>
    public static GenerationResult WriteZip(CompiledDatabase database, string formatName, FormatOptions formatOptions, Stream output,
        GenerationOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!output.CanSeek) throw new ArgumentException("a zip archive is written to a file (a seekable stream)", nameof(output));
        var stopwatch = Stopwatch.StartNew();
        var method = ZipMethodFor(formatName, options.Gzip);
        var entryOptions = options with { ZipEntry = method };
        var origin = output.Position;
        var entries = new List<ZipEntryInfo>();
        long rows = 0;
        foreach (var table in database.Tables)
        {
            var format = FormatFor(table, formatName, formatOptions);
            var headerAt = output.Position;
            var data = new ZipEntryData(method);
            var name = FileName(table, format, options.Gzip);
            output.Write(ZipHeaders.LocalHeader(data.Info(name, headerAt - origin)));
            var done = rows;
            WriteEntryData(table, format, data, output, entryOptions, progress is null ? null : n => progress(done + n), cancellationToken);
            var entry = data.Info(name, headerAt - origin);
            var end = output.Position;
            output.Position = headerAt;
            output.Write(ZipHeaders.LocalHeader(entry));
            output.Position = end;
            entries.Add(entry);
            rows += table.Rows;
        }
        output.Write(ZipHeaders.CentralDirectory(entries, output.Position - origin));
        output.Flush();
        return new GenerationResult(rows, output.Position - origin, stopwatch.Elapsed);
    }

    /// <summary>A table's file as a zip entry's data: header, blocks and footer as pieces of <paramref name="data"/>.</summary>
    private static void WriteEntryData(CompiledTable table, OutputFormat format, ZipEntryData data, Stream output, GenerationOptions options,
        Action<long>? progress, CancellationToken cancellationToken)
    {
        var header = new MemoryStream();
        GenerationRunner.WriteHeader(table.Schema, format, header, options);
        data.Append(header.GetBuffer().AsSpan(0, (int)header.Length), output);
        var all = Shard.Split(table.Rows, format.RowsPerBlock, 1)[0];
        var shard = GenerationRunner.RunShard(table.Schema, format, table.Rows, all, output, options, progress, cancellationToken);
        data.Append(shard);
        var footer = new MemoryStream();
        GenerationRunner.WriteFooter(table.Schema, format, table.Rows, [shard], footer, options);
        data.Append(footer.GetBuffer().AsSpan(0, (int)footer.Length), output);
        data.End(output);
    }
}
