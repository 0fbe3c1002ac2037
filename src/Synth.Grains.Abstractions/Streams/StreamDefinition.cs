using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Grains.Streams;

/// <summary>
/// A <see cref="StreamSpec"/> as the engine's <see cref="StreamConcepts"/>: the one place a stream's
/// definition is checked and compiled, by the grain that runs it and by the API that replays its records.
/// </summary>
public static class StreamDefinition
{
    /// <summary>At most this many sinks per stream: each costs a connection and a delivery per batch.</summary>
    public const int MaxSinks = 8;

    /// <summary>The stream's concepts; a definition that does not compile is an ArgumentException of "field: problem" lines.</summary>
    public static StreamConcepts Compile(StreamSpec spec)
    {
        var problems = new List<string>();
        if (!StreamRecordWriter.Formats.Contains(spec.Format)) problems.Add($"format: a stream writes {string.Join(", ", StreamRecordWriter.Formats)}; got '{spec.Format}'");
        if (spec.BatchSize < 1) problems.Add("batchSize: must be at least 1");
        if (RateProblem(spec.Rate) is { } rateProblem) problems.Add(rateProblem);
        if (spec.Limit is < 1) problems.Add("limit: must be at least 1");
        if (spec.RollRecords < 1) problems.Add("rollRecords: must be at least 1");
        if (!(spec.RollSeconds > 0)) problems.Add("rollSeconds: must be positive");
        if (spec.StopAt is { } stop && spec.StartAt is { } start && stop <= start) problems.Add("stopAt: must be after startAt");
        foreach (var tag in spec.RequiredTags ?? [])
        {
            if (!Placement.SiloTags.IsValid(tag)) problems.Add($"requiredTags: '{tag}' is not a valid silo tag (1 to 64 lower-case letters, digits, '-' or '_')");
        }
        if (spec.Sinks is { } sinks) problems.AddRange(SinkProblems(sinks));
        var plan = ReadPlan(spec.DriftPlanText, problems);
        if (problems.Count > 0) throw new ArgumentException(string.Join('\n', problems));
        var concepts = Concepts(spec, plan);
        var columns = concepts.Layout.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var keyProblems = spec.SinksOrDefault()
            .Select((sink, i) => (sink, i))
            .Where(s => s.sink.KeyField is { } key && !columns.Contains(key))
            .Select(s => $"sinks[{s.i}].keyField: the records have no field '{s.sink.KeyField}'")
            .ToList();
        if (keyProblems.Count > 0) throw new ArgumentException(string.Join('\n', keyProblems));
        return concepts;
    }

    /// <summary>The problem of a rate, as "rate: problem"; null when it is a positive number, or null (as fast as the sinks take them).</summary>
    public static string? RateProblem(double? rate) =>
        rate is { } r && !(r > 0 && double.IsFinite(r)) ? "rate: must be a positive number of records per second, or null for as fast as the sinks take them" : null;

    /// <summary>A drift plan that takes over a running stream: checked as the stream's own plan would be.</summary>
    public static void CheckPlan(StreamSpec spec, string? planText)
    {
        var problems = new List<string>();
        var plan = ReadPlan(planText, problems);
        if (problems.Count > 0) throw new ArgumentException(string.Join('\n', problems));
        Concepts(spec, plan);
    }

    /// <summary>The problems of a list of sinks, as "sinks[i].field: problem" lines; none when it is valid.</summary>
    public static List<string> SinkProblems(IReadOnlyList<SinkSpec> sinks)
    {
        var problems = new List<string>();
        if (sinks.Count > MaxSinks) problems.Add($"sinks: at most {MaxSinks} sinks per stream; got {sinks.Count}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sinks.Count; i++)
        {
            var sink = sinks[i];
            var at = $"sinks[{i}]";
            if (sink is null)
            {
                problems.Add($"{at}: must be an object with a kind");
                continue;
            }
            if (!SinkSpec.Kinds.Contains(sink.Kind))
            {
                problems.Add($"{at}.kind: must be one of {string.Join(", ", SinkSpec.Kinds)}; got '{sink.Kind}'");
                continue;
            }
            if (sink.Name is { } name && (name.Length is 0 or > 64 || name.Any(char.IsControl))) problems.Add($"{at}.name: must be 1 to 64 printable characters");
            if (!names.Add(sink.SinkName())) problems.Add($"{at}.name: another sink is named '{sink.SinkName()}' (give each sink of a kind its own name)");
            switch (sink.Kind)
            {
                case "webhook":
                    if (!Uri.TryCreate(sink.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")) problems.Add($"{at}.url: must be an absolute http or https URL");
                    if (sink.Format is not (null or "json" or "jsonl")) problems.Add($"{at}.format: must be json or jsonl; got '{sink.Format}'");
                    break;
                case "rabbitmq":
                    if (!Uri.TryCreate(sink.Connection, UriKind.Absolute, out var amqp) || amqp.Scheme is not ("amqp" or "amqps")) problems.Add($"{at}.connection: must be an amqp:// or amqps:// URI");
                    if (string.IsNullOrEmpty(sink.Exchange) && string.IsNullOrEmpty(sink.RoutingKey)) problems.Add($"{at}.routingKey: is required with the default exchange (it names the queue)");
                    break;
                case "postgres":
                    if (string.IsNullOrWhiteSpace(sink.Connection)) problems.Add($"{at}.connection: is required (an Npgsql connection string)");
                    if (sink.Table is null || !IsTableName(sink.Table)) problems.Add($"{at}.table: must be a table name (letters, digits, _; optionally schema.table)");
                    break;
                case "kafka":
                    if (string.IsNullOrWhiteSpace(sink.Connection)) problems.Add($"{at}.connection: is required (the bootstrap servers, host:port[,host:port])");
                    if (string.IsNullOrWhiteSpace(sink.Topic)) problems.Add($"{at}.topic: is required");
                    break;
            }
        }
        return problems;
    }

    private static bool IsTableName(string table)
    {
        var parts = table.Split('.');
        return parts.Length <= 2 && parts.All(p => p.Length is > 0 and <= 63 && (char.IsAsciiLetter(p[0]) || p[0] == '_') && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
    }

    private static DriftPlan ReadPlan(string? planText, List<string> problems)
    {
        if (string.IsNullOrEmpty(planText)) return DriftPlan.None;
        try
        {
            return DriftPlanReader.Read(planText);
        }
        catch (SchemaException e)
        {
            problems.AddRange(e.Errors.Select(error => $"driftPlan{error.Path[1..]}: {error.Message}"));
            return DriftPlan.None;
        }
    }

    private static StreamConcepts Concepts(StreamSpec spec, DriftPlan plan)
    {
        try
        {
            return StreamConcepts.Compile(SchemaText.Parse(spec.SchemaText), plan, spec.Seed, spec.Rate, new StreamColumns(spec.SequenceColumn, spec.ConceptColumn));
        }
        catch (SchemaException e)
        {
            throw new ArgumentException(string.Join('\n', e.Errors.Select(error => error.Path switch
            {
                "$.rate" => $"rate: {error.Message}",
                var p when p.StartsWith("$.events", StringComparison.Ordinal) || p.StartsWith("$.simple", StringComparison.Ordinal) => $"driftPlan{p[1..]}: {error.Message}",
                var p => $"schemaText{p[1..]}: {error.Message}",
            })));
        }
    }

    /// <summary>The stream's records in <paramref name="format"/>, its plan changes included.</summary>
    public static StreamRecords Records(StreamSpec spec, IReadOnlyList<PlanChange> planChanges, string format, int batchCapacity)
    {
        var segments = new List<(long, StreamRecordWriter)> { (0, new StreamRecordWriter(Compile(spec), format, batchCapacity)) };
        foreach (var change in planChanges)
        {
            var concepts = Concepts(spec, ReadPlan(change.PlanText, []));
            segments.Add((change.From, new StreamRecordWriter(concepts, format, batchCapacity)));
        }
        return new StreamRecords(segments);
    }
}
