namespace Synth.Core.Streams;

/// <summary>
/// Opt-in columns a stream adds to every record, so that a consumer can de-duplicate (the record's
/// sequence number) and score a drift detector against ground truth (the id of the concept the record
/// was drawn from: 0 for the schema as declared, k for the concept of the plan's k-th event, or the
/// number of moves of the simple drift). Null names leave a column out.
/// </summary>
public sealed record StreamColumns(string? Sequence = null, string? Concept = null)
{
    public static StreamColumns None { get; } = new();
}
