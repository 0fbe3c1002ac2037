using System.CommandLine;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;

namespace Synth.Cli.Commands;

/// <summary><c>synth run</c>: generate rows from a schema into a file or standard output.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var schema = new Option<string>("--schema", "-s") { Description = "Schema file (JSON or YAML)", Required = true };
        var type = new Option<string?>("--type") { Description = "tabular or timeseries (default: timeseries when the schema has time_field)" };
        type.AcceptOnlyFromAmong("tabular", "timeseries");
        var rows = new Option<long>("--rows", "-n") { Description = "Rows to generate (multi-table schema: rows of each table that neither declares rows nor has a per_parent ref)", DefaultValueFactory = _ => 1000 };
        var format = new Option<string?>("--format", "-f") { Description = $"Output format: {string.Join(", ", OutputFormats.Names)} (default: from the --output extension, else csv)" };
        var gzip = new Option<bool>("--gzip") { Description = "Compress: gzip for text formats, gzip pages for parquet" };
        var output = new Option<string?>("--output", "-o") { Description = "Output file, or - for standard output (default); multi-table schema: a directory (one file per table), a .zip, or one .sql script" };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed; same schema + seed gives the same bytes (env SYNTH_SEED; default 42)" };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads (default: all cores)" };
        var config = new Option<string?>("--config") { Description = "YAML config file (seed, batch_size, threads, log_level)" };
        var table = new Option<string>("--table") { Description = "Table name for sql output (a multi-table schema names its tables)", DefaultValueFactory = _ => "data" };
        var dialect = new Option<string>("--sql-dialect") { Description = "postgres, mysql or sqlite", DefaultValueFactory = _ => "postgres" };
        dialect.AcceptOnlyFromAmong("postgres", "mysql", "sqlite");
        var command = new Command("run", "Generate rows from a schema")
        {
            schema, type, rows, format, gzip, output, seed, threads, config, table, dialect,
        };
        command.SetAction((r, ct) => Task.FromResult(Run(new RunRequest(
            r.GetValue(schema)!, r.GetValue(type), r.GetValue(rows), r.GetValue(format), r.GetValue(gzip), r.GetValue(output),
            r.GetValue(seed), r.GetValue(threads), r.GetValue(config), r.GetValue(table)!, r.GetValue(dialect)!), ct)));
        return command;
    }

    private sealed record RunRequest(string Schema, string? Type, long Rows, string? Format, bool Gzip, string? Output,
        ulong? Seed, int? Threads, string? Config, string Table, string Dialect);

    private static int Run(RunRequest request, CancellationToken cancellationToken)
    {
        var settings = CliConfig.Load(request.Config);
        var problems = new List<string>();
        if (request.Rows < 0) problems.Add("--rows: must be >= 0");
        if (request.Threads is <= 0) problems.Add("--threads: must be > 0");
        var formatName = request.Format ?? FormatFromExtension(request.Output) ?? "csv";
        if (!OutputFormats.Names.Contains(formatName)) problems.Add($"--format: unknown format '{formatName}'; one of {string.Join(", ", OutputFormats.Names)}");
        if (problems.Count > 0) throw new UsageException(problems);

        var root = SchemaText.ParseFile(request.Schema);
        if (SchemaReader.IsMultiTable(root))
        {
            return RelationalRun.Run(DatabaseSchemaReader.Read(root), formatName, request.Gzip, request.Output, request.Rows,
                request.Seed ?? settings.Seed ?? 42, request.Threads ?? settings.Threads ?? Environment.ProcessorCount, settings.BatchSize ?? 4096,
                ParseDialect(request.Dialect), settings.LogLevel, cancellationToken);
        }
        var definition = SchemaReader.Read(root);
        if (request.Type == "timeseries" && definition.TimeSeries is null)
        {
            throw new UsageException("--type timeseries: the schema has no time_field (add \"time_field\" and \"time_interval_seconds\")");
        }
        if (request.Type == "tabular" && definition.TimeSeries is not null)
        {
            throw new UsageException("--type tabular: the schema declares time_field; use --type timeseries or remove the time-series keys");
        }
        var seed = request.Seed ?? settings.Seed ?? 42;
        var compiled = CompiledSchema.Compile(definition, seed, request.Rows);
        var format = OutputFormats.Create(formatName, new FormatOptions
        {
            TableName = request.Table,
            SqlDialect = ParseDialect(request.Dialect),
            Gzip = request.Gzip,
        });
        var options = new GenerationOptions
        {
            Threads = request.Threads ?? settings.Threads ?? Environment.ProcessorCount,
            BatchSize = settings.BatchSize ?? 4096,
            Gzip = request.Gzip && format.SupportsStreamGzip,
        };

        if (settings.LogLevel == "debug")
        {
            var columns = string.Join(", ", compiled.Layout.Columns.Select(c => $"{c.Name}:{c.Type.ToString().ToLowerInvariant()}"));
            Console.Error.WriteLine($"debug: seed {seed}, {options.Threads} thread(s), batches of {options.BatchSize}, {format.Name} blocks of {format.RowsPerBlock} rows; columns {columns}");
        }
        if (request.Output is null or "-")
        {
            using var stdout = Console.OpenStandardOutput();
            using var buffered = new BufferedStream(stdout, 1 << 16);
            GenerationRunner.Run(compiled, format, request.Rows, buffered, options, cancellationToken: cancellationToken);
            return ExitCodes.Ok;
        }

        using var file = new AtomicFile(request.Output);
        using var progress = ProgressReporter.Create(request.Rows, settings.LogLevel);
        var result = GenerationRunner.Run(compiled, format, request.Rows, file.Stream, options, progress.Report, cancellationToken);
        file.Commit();
        progress.Complete();
        if (settings.LogLevel is "debug" or "info")
        {
            Console.Error.WriteLine($"wrote {result.Rows:N0} rows ({result.Bytes / 1e6:N1} MB {format.Name}{(request.Gzip ? ", gzip" : "")}) to {request.Output} in {result.Elapsed.TotalSeconds:N2} s — {result.RowsPerSecond:N0} rows/s on {options.Threads} thread(s)");
        }
        return ExitCodes.Ok;
    }

    internal static SqlDialect ParseDialect(string name) => name switch
    {
        "mysql" => SqlDialect.MySql,
        "sqlite" => SqlDialect.Sqlite,
        _ => SqlDialect.Postgres,
    };

    /// <summary>"out.parquet" → parquet, "out.csv.gz" → csv.</summary>
    internal static string? FormatFromExtension(string? output)
    {
        if (output is null or "-") return null;
        var name = output.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? output[..^3] : output;
        var extension = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        return OutputFormats.Names.Contains(extension) ? extension : null;
    }
}
