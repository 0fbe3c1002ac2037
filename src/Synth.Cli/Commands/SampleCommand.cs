using System.CommandLine;
using System.Diagnostics;
using Synth.Core.Datasets;
using Synth.Core.Formats;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth sample</c>: rows from a model written by <c>synth fit</c>. Sampling is
/// post-processing: it spends no privacy, however many rows or times.
/// </summary>
public static class SampleCommand
{
    private const ulong DefaultSeed = 42;

    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model written by synth fit", Required = true };
        var rows = new Option<long>("--rows", "-n") { Description = "Rows to sample", Required = true };
        var seed = new Option<ulong?>("--seed") { Description = $"Sampling seed; the same model and seed give the same bytes (env SYNTH_SEED; default {DefaultSeed}). Spends no privacy" };
        var format = new Option<string?>("--format", "-f") { Description = $"Output format: {string.Join(", ", OutputFormats.Names)} (default: from the --output extension, else csv)" };
        var gzip = new Option<bool>("--gzip") { Description = "Compress: gzip for text formats, gzip pages for parquet" };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (written under a temporary name, renamed when complete), or - for standard output (default)" };
        var command = new Command("sample", "Sample synthetic rows from a model written by synth fit (spends no privacy)") { model, rows, seed, format, gzip, output };
        // On a thread of its own: System.CommandLine waits (ProcessTerminationTimeout) for the action's
        // task after Ctrl-C / SIGTERM only if it has one; an action that ran inline would be cut off
        // before its AtomicFile could delete the partial output.
        command.SetAction((r, ct) => Task.Run(() => Run(r.GetValue(model)!, r.GetValue(rows), r.GetValue(seed), r.GetValue(format), r.GetValue(gzip), r.GetValue(output), ct), CancellationToken.None));
        return command;
    }

    private static int Run(string modelPath, long rows, ulong? seedOption, string? formatOption, bool gzip, string? output, CancellationToken cancellationToken)
    {
        var settings = CliConfig.Load(null);
        var problems = new List<string>();
        if (rows < 0) problems.Add($"--rows: must be >= 0, got {rows}");
        var formatName = formatOption?.Trim().ToLowerInvariant() ?? RunCommand.FormatFromExtension(output) ?? "csv";
        if (!OutputFormats.Names.Contains(formatName)) problems.Add($"--format: unknown format '{formatOption}'; one of {string.Join(", ", OutputFormats.Names)}");
        if (problems.Count > 0) throw new UsageException(problems);

        var model = InputFiles.ReadModel(modelPath, "--model");
        var seed = seedOption ?? settings.Seed ?? DefaultSeed;
        // As synth run: parquet compresses its pages, the text formats their stream.
        var format = OutputFormats.Create(formatName, new FormatOptions { Gzip = gzip });
        var writer = new SampleFileWriter(model, format, gzip && format.SupportsStreamGzip);
        if (output is null or "-")
        {
            using var stdout = Console.OpenStandardOutput();
            using var buffered = new BufferedStream(stdout, 1 << 16);
            writer.Write(rows, seed, buffered, cancellationToken: cancellationToken);
            return ExitCodes.Ok;
        }

        var clock = Stopwatch.StartNew();
        using var file = new AtomicFile(output);
        using var progress = ProgressReporter.Create(rows, settings.LogLevel);
        var bytes = writer.Write(rows, seed, file.Stream, progress.Report, cancellationToken);
        file.Commit();
        progress.Complete();
        if (settings.LogLevel is "debug" or "info")
        {
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
            Console.Error.WriteLine($"wrote {rows:N0} rows ({bytes / 1e6:N1} MB {format.Name}{(gzip ? ", gzip" : "")}) to {output} in {seconds:N2} s — {rows / seconds:N0} rows/s");
        }
        return ExitCodes.Ok;
    }
}
