using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth run</c> on a multi-table schema: one SQL script (to a file or standard output), one
/// file per table in a directory, or one zip archive. Nothing appears at the target until every
/// table is complete.
/// </summary>
internal static class RelationalRun
{
    public static int Run(DatabaseSchema schema, string formatName, bool gzip, string? output, long rows, ulong seed,
        int threads, int batchSize, SqlDialect dialect, string logLevel, CancellationToken cancellationToken)
    {
        var target = Target(formatName, output);
        var database = CompiledDatabase.Compile(schema, seed, rows);
        var formatOptions = new FormatOptions { SqlDialect = dialect, Gzip = gzip };
        var streamGzip = gzip && OutputFormats.Create(formatName, formatOptions).SupportsStreamGzip;
        var options = new GenerationOptions { Threads = threads, BatchSize = batchSize, Gzip = streamGzip };
        if (logLevel == "debug")
        {
            var tables = string.Join(", ", database.Tables.Select(t => $"{t.Name} {t.Rows:N0}"));
            Console.Error.WriteLine($"debug: seed {seed}, {threads} thread(s), batches of {batchSize}; tables (dependency order) {tables}");
        }

        GenerationResult result;
        switch (target)
        {
            case Kind.Script when output is null or "-":
                using (var stdout = Console.OpenStandardOutput())
                using (var buffered = new BufferedStream(stdout, 1 << 16))
                {
                    DatabaseRunner.WriteSqlScript(database, formatOptions, buffered, options, cancellationToken: cancellationToken);
                }
                return ExitCodes.Ok;
            case Kind.Script:
                using (var file = new AtomicFile(output!))
                using (var progress = ProgressReporter.Create(database.TotalRows, logLevel))
                {
                    result = DatabaseRunner.WriteSqlScript(database, formatOptions, file.Stream, options, progress.Report, cancellationToken);
                    file.Commit();
                    progress.Complete();
                }
                break;
            case Kind.Archive:
                using (var file = new AtomicFile(output!))
                using (var progress = ProgressReporter.Create(database.TotalRows, logLevel))
                {
                    result = DatabaseRunner.WriteZip(database, formatName, formatOptions, file.Stream, options, progress.Report, cancellationToken);
                    file.Commit();
                    progress.Complete();
                }
                break;
            default:
                using (var directory = new AtomicDirectory(output!))
                using (var progress = ProgressReporter.Create(database.TotalRows, logLevel))
                {
                    result = DatabaseRunner.WriteFiles(database, formatName, formatOptions, directory.Create, options, progress.Report, cancellationToken);
                    directory.Commit();
                    progress.Complete();
                }
                break;
        }
        if (logLevel is "debug" or "info")
        {
            Console.Error.WriteLine($"wrote {database.Tables.Count} tables, {result.Rows:N0} rows ({result.Bytes / 1e6:N1} MB {formatName}{(gzip ? ", gzip" : "")}) " +
                $"to {output} in {result.Elapsed.TotalSeconds:N2} s — {result.RowsPerSecond:N0} rows/s on {threads} thread(s)");
        }
        return ExitCodes.Ok;
    }

    private enum Kind
    {
        Script,
        Archive,
        Directory,
    }

    private static Kind Target(string formatName, string? output)
    {
        var toConsole = output is null or "-";
        var isZip = !toConsole && output!.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        var isDirectory = !toConsole && (Directory.Exists(output) || output!.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar));
        if (formatName == "sql" && !isZip && !isDirectory) return Kind.Script;
        if (isZip) return Kind.Archive;
        if (isDirectory) return Kind.Directory;
        throw new UsageException(toConsole
            ? "--output: a multi-table schema writes one file per table: give a directory (--output out/), an archive (--output out.zip) or --format sql for one script"
            : $"--output: '{output}' is one file, but a multi-table schema writes one file per table: give a directory (end it with /), a .zip, or a .sql script");
    }
}
