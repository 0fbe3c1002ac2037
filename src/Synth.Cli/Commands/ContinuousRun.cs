using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth run --continuous</c>: a never-ending stream to standard output or a file, without a server.
/// Records are numbered from 0 and are the records a stream of the same schema, seed and drift plan
/// gives anywhere (the cluster's StreamerGrain included). Batches leave at the scheduled time of their
/// first record (record n at n / rate seconds); Ctrl-C stops after the batch being written.
/// </summary>
internal static class ContinuousRun
{
    public sealed record Request(string Format, string? Output, ulong Seed, long? Limit, double? Rate, int BatchSize, DriftPlan Plan, StreamColumns Columns);

    public static int Run(System.Text.Json.Nodes.JsonNode schema, Request request, string logLevel, CancellationToken cancellationToken)
    {
        StreamConcepts concepts;
        try
        {
            concepts = StreamConcepts.Compile(schema, request.Plan, request.Seed, request.Rate, request.Columns);
        }
        catch (SchemaException e)
        {
            // The plan's paths are the plan file's; the others name what the command line set.
            throw new UsageException([.. e.Errors.Select(error => error.Path switch
            {
                "$.rate" => $"--rate: {error.Message}",
                var path when path.StartsWith("$.simple", StringComparison.Ordinal) => $"--drift: {error.Message}",
                var path when path.StartsWith("$.events", StringComparison.Ordinal) => $"--drift-plan: {path}: {error.Message}",
                _ => $"--sequence-column / --concept-column: {error.Message}",
            })]);
        }
        var writer = new StreamRecordWriter(concepts, request.Format, Math.Min(request.BatchSize, 16_384));
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var output = Open(request.Output);
        var clock = Stopwatch.StartNew();
        long sequence = 0;
        try
        {
            writer.WriteHeader(buffer);
            while (!cancellationToken.IsCancellationRequested && (request.Limit is not { } limit || sequence < limit))
            {
                if (request.Rate is { } rate)
                {
                    var due = TimeSpan.FromSeconds(sequence / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        Flush(buffer, output);
                        Task.Delay(due, cancellationToken).Wait(cancellationToken);
                    }
                }
                var count = (int)Math.Min(request.BatchSize, (request.Limit ?? long.MaxValue) - sequence);
                writer.Write(sequence, count, buffer);
                sequence += count;
                // Paced batches leave as they are made; flat out, the buffer fills first.
                if (request.Rate is not null || buffer.WrittenCount >= 1 << 20) Flush(buffer, output);
            }
            Flush(buffer, output);
        }
        catch (OperationCanceledException)
        {
            Flush(buffer, output);
        }
        catch (IOException) when (request.Output is null or "-")
        {
            // The reader went away (`| head`): a stream to standard output ends with its reader.
            return ExitCodes.Ok;
        }
        if (logLevel is "debug" or "info" && request.Output is not (null or "-"))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {sequence:N0} records to {request.Output} in {clock.Elapsed.TotalSeconds:N2} s"));
        }
        return ExitCodes.Ok;
    }

    private static Stream Open(string? output)
    {
        // Not Console.OpenStandardOutput(): it ignores a closed pipe, and a stream without end would run on unread.
        if (output is null or "-") return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
        try
        {
            return new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output: {output}: {e.Message}");
        }
    }

    private static void Flush(ArrayBufferWriter<byte> buffer, Stream output)
    {
        if (buffer.WrittenCount == 0) return;
        output.Write(buffer.WrittenSpan);
        output.Flush();
        buffer.ResetWrittenCount();
    }
}
