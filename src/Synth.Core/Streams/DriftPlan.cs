namespace Synth.Core.Streams;

/// <summary>What changes in a stream, and when: explicit events, or the seed's simple drift (not both).</summary>
public sealed record DriftPlan(IReadOnlyList<DriftEvent> Events, SimpleDrift? Simple = null)
{
    public static DriftPlan None { get; } = new([]);

    public bool IsEmpty => Events.Count == 0 && Simple is null;

    /// <summary>True when some position is in seconds (then the stream needs a numeric rate to place it).</summary>
    public bool UsesSeconds =>
        Simple?.Interval.InSeconds == true
        || Events.Any(e => e.At.InSeconds || e.Window?.InSeconds == true || e.Period?.InSeconds == true || e.Duration?.InSeconds == true);
}
