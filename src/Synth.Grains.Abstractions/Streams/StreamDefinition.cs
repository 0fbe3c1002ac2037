using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Grains.Streams;

/// <summary>
/// A <see cref="StreamSpec"/> as the engine's <see cref="StreamConcepts"/>: the one place a stream's
/// definition is checked and compiled, by the grain that runs it and by the API that replays its records.
/// </summary>
public static class StreamDefinition
{
    /// <summary>The stream's concepts; a definition that does not compile is an ArgumentException of "field: problem" lines.</summary>
    public static StreamConcepts Compile(StreamSpec spec)
    {
        var problems = new List<string>();
        if (!StreamRecordWriter.Formats.Contains(spec.Format)) problems.Add($"format: a stream writes {string.Join(", ", StreamRecordWriter.Formats)}; got '{spec.Format}'");
        if (spec.BatchSize < 1) problems.Add("batchSize: must be at least 1");
        if (spec.Rate is { } rate && !(rate > 0 && double.IsFinite(rate))) problems.Add("rate: must be a positive number of records per second, or null for as fast as the sink takes them");
        if (spec.Limit is < 1) problems.Add("limit: must be at least 1");
        if (spec.RollRecords < 1) problems.Add("rollRecords: must be at least 1");
        if (!(spec.RollSeconds > 0)) problems.Add("rollSeconds: must be positive");
        DriftPlan plan = DriftPlan.None;
        if (spec.DriftPlanText is { } planText)
        {
            try
            {
                plan = DriftPlanReader.Read(planText);
            }
            catch (SchemaException e)
            {
                problems.AddRange(e.Errors.Select(error => $"driftPlan{error.Path[1..]}: {error.Message}"));
            }
        }
        if (problems.Count > 0) throw new ArgumentException(string.Join('\n', problems));
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
}
