using System.Diagnostics;

namespace Synth.Grains.Observability;

/// <summary>
/// Synth's own spans (<see cref="SourceName"/>). Orleans' spans cover the grain calls; a shard runs
/// outside any call (a silo pulls it), so its span is parented explicitly on the trace that submitted
/// the job, and one trace runs API → job grain → every shard on every silo.
/// </summary>
public static class SynthTracing
{
    public const string SourceName = "Synth";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span as a W3C traceparent, to hand to work that starts elsewhere later; null when nothing traces.</summary>
    public static string? CurrentParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts a span under <paramref name="traceParent"/> (a W3C traceparent), or a new trace when there is none; null when nothing listens.</summary>
    public static Activity? StartUnder(string name, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, ActivityKind.Internal, parent)
            : Source.StartActivity(name, ActivityKind.Internal);
}
