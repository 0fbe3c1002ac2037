using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Synth.Cli.Remote;
using Synth.Core.Schema;
using Synth.Grains.Jobs;

namespace Synth.Cli.Commands;

/// <summary><c>synth jobs …</c>: submit and follow bulk jobs on a Synth server (`synth serve`, or `synth api` in front of a cluster).</summary>
public static class JobsCommand
{
    private static readonly Option<string?> ServerOption = ServerConnection.CreateOption();

    public static Command Create()
    {
        var command = new Command("jobs", "Submit, follow, cancel and download bulk generation jobs on a Synth server")
        {
            ServerOption, Submit(), List(), Status(), Watch(), Cancel(), Download(),
        };
        return command;
    }

    private static Command Submit()
    {
        var schema = new Option<string>("--schema", "-s") { Description = "Schema file (JSON or YAML)", Required = true };
        var rows = new Option<long>("--rows", "-n") { Description = "Number of rows", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "csv, tsv, json, jsonl, sql, xml or parquet (default csv)", DefaultValueFactory = _ => "csv" };
        var gzip = new Option<bool>("--gzip") { Description = "Compress the output (gzip; Parquet: its pages)" };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed (env SYNTH_SEED; default 42): same schema + seed gives the bytes of `synth run`" };
        var tags = new Option<string?>("--tags") { Description = "Comma-separated silo tags the job needs, e.g. gpu" };
        var parts = new Option<int>("--parts") { Description = "Split the output into N complete files (default 1)", DefaultValueFactory = _ => 1 };
        var name = new Option<string?>("--name") { Description = "A label for listings; also the output file's name" };
        var key = new Option<string?>("--idempotency-key") { Description = "Retrying with the same key returns the same job instead of a second one" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Then follow it with a progress bar until it ends" };
        var command = new Command("submit", "Submit a job; prints its id") { schema, rows, format, gzip, seed, tags, parts, name, key, watch };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var body = new JsonObject
            {
                ["schemaText"] = ServerConnection.ReadText(r.GetValue(schema)!, "--schema"),
                ["rows"] = r.GetValue(rows),
                ["format"] = r.GetValue(format),
                ["compression"] = r.GetValue(gzip) ? "gzip" : null,
                ["seed"] = r.GetValue(seed) ?? SeedFromEnvironment(),
                ["requiredTags"] = new JsonArray([.. (r.GetValue(tags) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (JsonNode)t)]),
                ["parts"] = r.GetValue(parts),
                ["name"] = r.GetValue(name),
            };
            var job = await client.SubmitAsync(body, r.GetValue(key), ct);
            Console.WriteLine(job.Id);
            return r.GetValue(watch) ? await FollowAsync(client, job.Id, ct) : ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "Only jobs in this status: queued, running, succeeded, failed, cancelled" };
        var limit = new Option<int?>("--limit") { Description = "Jobs per page (default 50)" };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after a previous page (printed at its end)" };
        var command = new Command("list", "List jobs, newest first") { status, limit, cursor };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var page = await client.ListAsync(r.GetValue(status), r.GetValue(limit), r.GetValue(cursor), ct);
            Console.WriteLine($"{"ID",-22} {"STATUS",-10} {"ROWS",14} {"FORMAT",-8} {"CREATED",-20} NAME");
            foreach (var job in page.Jobs)
            {
                Console.WriteLine($"{job.Id,-22} {job.Status.ToString().ToLowerInvariant(),-10} {job.Rows,14:N0} {job.Format,-8} {job.CreatedAt.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {job.Name}");
            }
            if (page.Next is not null) Console.WriteLine($"more: --cursor {page.Next}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "Job id" };
        var command = new Command("status", "Show a job's status and progress") { id };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var job = await client.GetAsync(r.GetValue(id)!, ct);
            Console.WriteLine($"{job.Id}: {job.Status.ToString().ToLowerInvariant()} — {ProgressLine.Describe(job.Progress)}{(job.Error is null ? "" : " — " + job.Error)}");
            foreach (var file in job.Files) Console.WriteLine($"  {file.FileName} ({file.Length:N0} bytes)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Watch()
    {
        var id = new Argument<string>("id") { Description = "Job id" };
        var command = new Command("watch", "Follow a job with a live progress bar until it ends (exit 0 if it succeeded)") { id };
        command.SetAction((r, ct) => WithClient(r, client => FollowAsync(client, r.GetValue(id)!, ct)));
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("id") { Description = "Job id" };
        var command = new Command("cancel", "Cancel a job: its shards stop and its partial output is removed") { id };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var job = await client.CancelAsync(r.GetValue(id)!, ct);
            Console.WriteLine($"{job.Id}: {job.Status.ToString().ToLowerInvariant()}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Download()
    {
        var id = new Argument<string>("id") { Description = "Job id" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write it (default: the file's name, in the current directory)" };
        var file = new Option<int>("--file") { Description = "Which file of a job with --parts (0-based; default 0)" };
        var command = new Command("download", "Download a succeeded job's output") { id, output, file };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var job = await client.GetAsync(r.GetValue(id)!, ct);
            var index = r.GetValue(file);
            if (job.Status != JobStatus.Succeeded) throw new UsageException($"job {job.Id} is {job.Status.ToString().ToLowerInvariant()}; only a succeeded job has output");
            if (index < 0 || index >= job.Files.Count) throw new UsageException($"--file: job {job.Id} has {job.Files.Count} file(s); use 0 to {job.Files.Count - 1}");
            var path = r.GetValue(output) ?? job.Files[index].FileName;
            long bytes;
            // Written to a temporary name and renamed at the end: an interrupted download leaves no file.
            using (var target = new AtomicFile(path))
            {
                bytes = await client.DownloadAsync(job.Id, index, target.Stream, ct);
                target.Commit();
            }
            Console.Error.WriteLine($"wrote {bytes:N0} bytes to {path}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Draws the job's progress from its event stream until it ends; exit 0 only if it succeeded.</summary>
    private static async Task<int> FollowAsync(SynthServerClient client, string id, CancellationToken cancellationToken)
    {
        var bar = new ProgressLine(Console.Error);
        JobProgressEvent? last = null;
        long after = 0;
        // The stream ends at the final event; a dropped connection resumes after the last event seen.
        while (last is null || !last.Status.IsFinal())
        {
            try
            {
                await foreach (var (sequence, update) in client.WatchAsync(id, after, cancellationToken))
                {
                    after = sequence;
                    last = update;
                    bar.Draw(update);
                }
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
        bar.Finish(last);
        return last.Status == JobStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static ulong SeedFromEnvironment() =>
        ulong.TryParse(Environment.GetEnvironmentVariable("SYNTH_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : 42;

    private static Task<int> WithClient(ParseResult result, Func<SynthServerClient, Task<int>> action) => ServerConnection.WithClientAsync(result, ServerOption, action);
}
