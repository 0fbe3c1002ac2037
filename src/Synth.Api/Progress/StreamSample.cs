using Synth.Grains.Streams;

namespace Synth.Api.Progress;

/// <summary>One second of a stream, for dashboards (<see cref="ProgressHub.WatchStream"/>).</summary>
/// <param name="RecordsPerSecond">Records made per second since the previous sample (null in the first).</param>
/// <param name="Rows">The last records made (up to five), each as its JSON.</param>
public sealed record StreamSample(
    string Id,
    StreamStatus Status,
    double? Rate,
    double? RecordsPerSecond,
    long Made,
    long Emitted,
    long Behind,
    double? LatenessP99Ms,
    string? Error,
    IReadOnlyList<SinkHealth> Sinks,
    IReadOnlyList<string> Rows,
    DateTimeOffset At);
