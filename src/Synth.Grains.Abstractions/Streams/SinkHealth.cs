namespace Synth.Grains.Streams;

/// <summary>One sink of a stream as its owner sees it.</summary>
/// <param name="Acked">Records the sink's destination has acknowledged: the sink's checkpoint (a failover delivers again from here).</param>
/// <param name="Delivered">Records handed to the sink so far, acknowledged or not (a file sink acknowledges when a file closes).</param>
/// <param name="Failures">Deliveries that failed in a row (0: healthy); from 3 on, the stream is degraded.</param>
/// <param name="Error">The last failure's cause, while it lasts.</param>
[GenerateSerializer, Immutable, Alias("synth.streams.SinkHealth")]
public sealed record SinkHealth(string Name, string Kind, long Acked, long Delivered, int Failures, string? Error, DateTimeOffset? ErrorAt);
