using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Synth.Cli.Remote;
using Synth.Grains.Streams;

namespace Synth.Cli.Commands;

/// <summary><c>synth streams …</c>: start and drive never-ending streams on a Synth server (docs/streams.md).</summary>
public static class StreamsCommand
{
    private static readonly Option<string?> ServerOption = ServerConnection.CreateOption();

    public static Command Create() =>
        new("streams", "Start, follow, pause, resume, change and stop streams with controlled drift on a Synth server")
        {
            ServerOption, CreateStream(), List(), Status(), Watch(), Simple("pause", "Pause a stream (it resumes where it stopped)"),
            Simple("resume", "Resume a paused stream"), Simple("stop", "Stop a stream for good (its open file is published)"), Update(),
        };

    private static Command CreateStream()
    {
        var schema = new Option<string>("--schema", "-s") { Description = "Schema file (JSON or YAML), single-table", Required = true };
        var rate = new Option<string?>("--rate") { Description = "Records per second (fractional allowed) or max (default 1)" };
        var batch = new Option<int?>("--batch-size") { Description = "Records per batch (default: a tenth of a second of records, 1 to 1,000)" };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed (env SYNTH_SEED; default 42): the same definition gives the same records" };
        var plan = new Option<string?>("--drift-plan") { Description = "Drift plan file (JSON or YAML; docs/streams.md)" };
        var format = new Option<string?>("--format", "-f") { Description = "csv, tsv or jsonl (default jsonl): the rolling files' format" };
        var sequence = new Option<string?>("--sequence-column") { Description = "Add each record's sequence number as this column" };
        var concept = new Option<string?>("--concept-column") { Description = "Add the id of each record's concept as this column" };
        var limit = new Option<long?>("--limit") { Description = "Stop after this many records (default never)" };
        var name = new Option<string?>("--name") { Description = "A label for listings" };
        var sinks = SinksOption();
        var command = new Command("create", "Start a stream; prints its id") { schema, rate, batch, seed, plan, format, sequence, concept, limit, name, sinks };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var body = new JsonObject
            {
                ["schemaText"] = ServerConnection.ReadText(r.GetValue(schema)!, "--schema"),
                ["rate"] = Rate(r.GetValue(rate)),
                ["batchSize"] = r.GetValue(batch),
                ["seed"] = r.GetValue(seed) ?? (ulong.TryParse(Environment.GetEnvironmentVariable("SYNTH_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 42),
                ["driftPlan"] = r.GetValue(plan) is { } file ? ServerConnection.ReadText(file, "--drift-plan") : null,
                ["format"] = r.GetValue(format),
                ["sequenceColumn"] = r.GetValue(sequence),
                ["conceptColumn"] = r.GetValue(concept),
                ["limit"] = r.GetValue(limit),
                ["name"] = r.GetValue(name),
                ["sinks"] = Sinks(r.GetValue(sinks)),
            };
            Console.WriteLine((await client.CreateStreamAsync(body, ct)).Id);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List streams, oldest first");
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            Console.WriteLine($"{"ID",-22} {"STATUS",-9} {"RATE",10} {"MADE",14} {"CREATED",-20} NAME");
            foreach (var s in await client.ListStreamsAsync(ct))
            {
                Console.WriteLine($"{s.Id,-22} {s.Status.ToString().ToLowerInvariant(),-9} {RateText(s.Rate),10} {s.Made,14:N0} {s.CreatedAt.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {s.Spec.Name}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "The stream's id" };
        var command = new Command("status", "A stream's status, rate, records and files") { id };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            Print(await client.GetStreamAsync(r.GetValue(id)!, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Watch()
    {
        var id = new Argument<string>("id") { Description = "The stream's id" };
        var after = new Option<long?>("--after") { Description = "Start after this record's sequence number (-1: from the first); default: the next record made" };
        var command = new Command("watch", "Print a stream's records as JSON lines as they are made (until it stops, or Ctrl-C)") { id, after };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var last = r.GetValue(after) ?? (await client.GetStreamAsync(r.GetValue(id)!, ct)).Made - 1;
            using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await foreach (var (sequence, record) in client.WatchStreamAsync(r.GetValue(id)!, last, ct))
                    {
                        await stdout.WriteLineAsync(record);
                        last = sequence;
                    }
                    break; // the stream stopped and every record was sent
                }
                catch (IOException) when (!ct.IsCancellationRequested)
                {
                    // The connection dropped: resume after the last record printed.
                    await stdout.FlushAsync(ct);
                    await Task.Delay(500, ct);
                }
                finally
                {
                    await stdout.FlushAsync(CancellationToken.None);
                }
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Simple(string verb, string description)
    {
        var id = new Argument<string>("id") { Description = "The stream's id" };
        var command = new Command(verb, description) { id };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            Print(await client.CommandStreamAsync(r.GetValue(id)!, verb, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Update()
    {
        var id = new Argument<string>("id") { Description = "The stream's id" };
        var rate = new Option<string?>("--rate") { Description = "New rate: records per second, or max" };
        var plan = new Option<string?>("--drift-plan") { Description = "New drift plan file (JSON or YAML), from the next record on" };
        var sinks = SinksOption();
        var command = new Command("update", "Change a stream's rate, drift plan and/or sinks without a restart") { id, rate, plan, sinks };
        command.SetAction((r, ct) => WithClient(r, async client =>
        {
            var body = new JsonObject();
            if (r.GetValue(rate) is { } newRate) body["rate"] = Rate(newRate);
            if (r.GetValue(plan) is { } file) body["driftPlan"] = ServerConnection.ReadText(file, "--drift-plan");
            if (Sinks(r.GetValue(sinks)) is { } newSinks) body["sinks"] = newSinks;
            if (body.Count == 0) throw new UsageException("update: give --rate, --drift-plan and/or --sinks");
            Print(await client.UpdateStreamAsync(r.GetValue(id)!, body, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<string?> SinksOption() =>
        new("--sinks") { Description = "Sinks file (JSON or YAML): a list of sinks, e.g. [{kind: webhook, url: ...}] (docs/streams.md, \"Sinks\"); default rolling files" };

    /// <summary>The sinks file's list (a list, or an object with a "sinks" list), as the API takes it; the server checks each sink.</summary>
    private static JsonNode? Sinks(string? path)
    {
        if (path is null) return null;
        JsonNode node;
        try
        {
            node = Synth.Core.Schema.SchemaText.Parse(ServerConnection.ReadText(path, "--sinks"), path);
        }
        catch (Synth.Core.Schema.SchemaException e)
        {
            throw new UsageException($"--sinks: {path}: {e.Errors[0].Message}");
        }
        return (node is JsonObject o && o["sinks"] is JsonArray inner ? inner : node) switch
        {
            JsonArray list => list.DeepClone(),
            _ => throw new UsageException($"--sinks: {path} must hold a list of sinks (or an object with a \"sinks\" list)"),
        };
    }

    /// <summary>"max" stays a string; a number goes as a number (the server checks it).</summary>
    private static JsonNode? Rate(string? text) => text switch
    {
        null => null,
        "max" => "max",
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new UsageException($"--rate: '{text}' is not a number of records per second or max"),
    };

    private static string RateText(double? rate) => rate is { } r ? r.ToString("G6", CultureInfo.InvariantCulture) + "/s" : "max";

    private static void Print(StreamInfo s)
    {
        Console.WriteLine($"{s.Id}  {s.Status.ToString().ToLowerInvariant()}  {RateText(s.Rate)}  made {s.Made:N0}, acknowledged by every sink {s.Emitted:N0}, {s.Files.Count} file(s)"
            + (s.Behind > 0 ? $", {s.Behind:N0} behind" : "") + (s.Error is { } error ? $"  error: {error}" : ""));
        foreach (var sink in s.Sinks ?? [])
        {
            Console.WriteLine($"  sink {sink.Name} ({sink.Kind}): acknowledged {sink.Acked:N0}, delivered {sink.Delivered:N0}" + (sink.Error is { } e ? $", {sink.Failures} failure(s) in a row: {e}" : ""));
        }
    }

    private static Task<int> WithClient(ParseResult result, Func<SynthServerClient, Task<int>> action) => ServerConnection.WithClientAsync(result, ServerOption, action);
}
