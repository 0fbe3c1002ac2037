using Synth.Storage.Sinks;

namespace Synth.Grains.Streams;

/// <summary>A sink of a running stream: the sink itself, and how its deliveries have gone lately.</summary>
internal sealed class SinkRun(SinkSpec spec, IStreamSink sink)
{
    /// <summary>From this many failures in a row, the stream is degraded.</summary>
    public const int DegradedAfter = 3;

    public SinkSpec Spec { get; } = spec;

    public IStreamSink Sink { get; } = sink;

    public int Failures { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset? ErrorAt { get; private set; }

    public bool Degraded => Failures >= DegradedAfter;

    public void Succeeded() => (Failures, Error, ErrorAt) = (0, null, null);

    public void Failed(Exception e) => (Failures, Error, ErrorAt) = (Failures + 1, e.Message, DateTimeOffset.UtcNow);

    public SinkHealth Health(long acked) => new(Spec.SinkName(), Spec.Kind, acked, Sink.Position, Failures, Error, ErrorAt);
}
