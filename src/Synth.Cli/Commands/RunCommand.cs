using System.CommandLine;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;
using Synth.Core.Streams;
using System.Globalization;

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
        var batchSize = new Option<int?>("--batch-size") { Description = "Rows per batch; a continuous run's records per batch (env SYNTH_BATCH_SIZE; default 4096, continuous 100)" };
        var continuous = new Option<bool>("--continuous") { Description = "Stream records without end (or until --rows, when given) at --rate, as csv, tsv or jsonl; Ctrl-C stops" };
        var rate = new Option<string?>("--rate") { Description = "Continuous: records per second (fractional allowed, e.g. 0.2) or max (default: --batch-size every --frequency seconds)" };
        var frequency = new Option<double?>("--frequency") { Description = "Continuous: seconds between batches when no --rate is given (env SYNTH_FREQUENCY; default 1)" };
        var drift = new Option<bool>("--drift") { Description = "Continuous: the simple drift: every --drift-interval seconds each numeric field moves by --drift-magnitude of its scale (env SYNTH_DRIFT_ENABLED)" };
        var driftInterval = new Option<double?>("--drift-interval") { Description = "Seconds between the simple drift's moves (env SYNTH_DRIFT_INTERVAL; default 60)" };
        var driftMagnitude = new Option<double?>("--drift-magnitude") { Description = "Each move of the simple drift, in units of each field's scale (env SYNTH_DRIFT_MAGNITUDE; default 0.5)" };
        var driftPlan = new Option<string?>("--drift-plan") { Description = "Continuous: a drift plan file (JSON or YAML: sudden, gradual, incremental, recurring and label events; docs/streams.md)" };
        var sequenceColumn = new Option<string?>("--sequence-column") { Description = "Continuous: add each record's sequence number as this column" };
        var conceptColumn = new Option<string?>("--concept-column") { Description = "Continuous: add the id of the concept each record was drawn from as this column" };
        var command = new Command("run", "Generate rows from a schema")
        {
            schema, type, rows, format, gzip, output, seed, threads, config, table, dialect, batchSize,
            continuous, rate, frequency, drift, driftInterval, driftMagnitude, driftPlan, sequenceColumn, conceptColumn,
        };
        // On a worker thread, so that Ctrl-C / SIGTERM reach the token while it runs (a continuous run stops after whole records).
        command.SetAction((r, ct) => Task.Run(() => Run(new RunRequest(
            r.GetValue(schema)!, r.GetValue(type), r.GetValue(rows), r.GetValue(format), r.GetValue(gzip), r.GetValue(output),
            r.GetValue(seed), r.GetValue(threads), r.GetValue(config), r.GetValue(table)!, r.GetValue(dialect)!, r.GetValue(batchSize),
            r.GetValue(continuous) ? new ContinuousOptions(r.GetResult(rows) is { Implicit: false }, r.GetValue(rate), r.GetValue(frequency), r.GetValue(drift),
                r.GetValue(driftInterval), r.GetValue(driftMagnitude), r.GetValue(driftPlan), r.GetValue(sequenceColumn), r.GetValue(conceptColumn)) : null), ct), CancellationToken.None));
        return command;
    }

    private sealed record RunRequest(string Schema, string? Type, long Rows, string? Format, bool Gzip, string? Output,
        ulong? Seed, int? Threads, string? Config, string Table, string Dialect, int? BatchSize, ContinuousOptions? Continuous);

    private sealed record ContinuousOptions(bool RowsGiven, string? Rate, double? Frequency, bool Drift, double? DriftInterval, double? DriftMagnitude,
        string? DriftPlan, string? SequenceColumn, string? ConceptColumn);

    private static int Run(RunRequest request, CancellationToken cancellationToken)
    {
        var settings = CliConfig.Load(request.Config);
        var problems = new List<string>();
        if (request.Rows < 0) problems.Add("--rows: must be >= 0");
        if (request.Threads is <= 0) problems.Add("--threads: must be > 0");
        if (request.BatchSize is <= 0) problems.Add("--batch-size: must be > 0");
        var formatName = request.Format ?? FormatFromExtension(request.Output) ?? "csv";
        if (!OutputFormats.Names.Contains(formatName)) problems.Add($"--format: unknown format '{formatName}'; one of {string.Join(", ", OutputFormats.Names)}");
        if (problems.Count > 0) throw new UsageException(problems);

        var root = SchemaText.ParseFile(request.Schema);
        if (request.Continuous is { } continuous) return RunContinuous(root, request, continuous, settings, formatName, cancellationToken);
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
            BatchSize = request.BatchSize ?? settings.BatchSize ?? 4096,
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

    private static int RunContinuous(System.Text.Json.Nodes.JsonNode root, RunRequest request, ContinuousOptions options, CliConfig settings, string formatName,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (SchemaReader.IsMultiTable(root)) problems.Add("--continuous: streams a single table; this schema declares several (\"tables\")");
        if (!StreamRecordWriter.Formats.Contains(formatName)) problems.Add($"--format: a continuous run writes {string.Join(", ", StreamRecordWriter.Formats)}; got '{formatName}'");
        if (request.Gzip) problems.Add("--gzip: a continuous run is read as it is written; it is not compressed");
        var batch = request.BatchSize ?? settings.BatchSize ?? 100;
        double? rate = null;
        if (options.Rate is { } text)
        {
            if (text == "max") rate = null;
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && double.IsFinite(r)) rate = r;
            else problems.Add($"--rate: '{text}' is not a positive number of records per second or max");
        }
        else
        {
            var frequency = options.Frequency ?? settings.Frequency ?? 1;
            if (!(frequency > 0) || !double.IsFinite(frequency)) problems.Add("--frequency: must be a positive number of seconds");
            else rate = batch / frequency;
        }
        var simple = options.Drift || settings.DriftEnabled == true;
        if (simple && options.DriftPlan is not null) problems.Add("--drift-plan: give either --drift (the simple drift) or a drift plan, not both");
        var interval = options.DriftInterval ?? settings.DriftInterval ?? 60;
        if (simple && !(interval > 0 && double.IsFinite(interval))) problems.Add("--drift-interval: must be a positive number of seconds");
        var magnitude = options.DriftMagnitude ?? settings.DriftMagnitude ?? 0.5;
        if (simple && !double.IsFinite(magnitude)) problems.Add("--drift-magnitude: must be a finite number");
        if (problems.Count > 0) throw new UsageException(problems);

        DriftPlan plan = DriftPlan.None;
        if (options.DriftPlan is { } file)
        {
            string planText;
            try
            {
                planText = BoundedFile.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--drift-plan: cannot read '{file}': {e.Message}");
            }
            try
            {
                plan = DriftPlanReader.Read(planText, file);
            }
            catch (SchemaException e)
            {
                throw new UsageException([.. e.Errors.Select(error => $"--drift-plan: {file}: {error.Path}: {error.Message}")]);
            }
        }
        else if (simple)
        {
            plan = new DriftPlan([], new SimpleDrift(StreamPosition.Seconds(interval), magnitude));
        }
        return ContinuousRun.Run(root, new ContinuousRun.Request(formatName, request.Output, request.Seed ?? settings.Seed ?? 42,
            options.RowsGiven ? request.Rows : null, rate, batch, plan, new StreamColumns(options.SequenceColumn, options.ConceptColumn)), settings.LogLevel, cancellationToken);
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
