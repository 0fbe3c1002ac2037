namespace Synth.Grains.Streams;

/// <summary>A stream as its owner sees it.</summary>
/// <param name="Spec">The definition, with the sinks of now (secrets included: the API hides them).</param>
/// <param name="Emitted">Records every sink acknowledged (for files: written to closed, published files): the stream's checkpoint.</param>
/// <param name="Rate">Records per second now (null: as fast as the sink takes them).</param>
/// <param name="Files">The files sink's published files, oldest first: artifact keys of <c>[first, first + count)</c>.</param>
/// <param name="Made">Records made so far, delivered or on their way (a files sink publishes them when the open file closes).</param>
/// <param name="Behind">Records due at the rate but not made yet: how far the stream lags its schedule (0 flat out, paused or stopped).</param>
/// <param name="LatenessP99Ms">
/// How late its recent batches were made, against their schedule (a batch is due when its last record
/// is, at the rate): the 99th percentile over the batches of the last minute (at most the last 1,024) of
/// this activation, in ms; null flat out, or with no batch in the last minute.
/// </param>
/// <param name="Sinks">Each sink's health and checkpoint.</param>
/// <param name="PlanChanges">Drift plans that took over after the spec's (PATCH), with the record from which each rules.</param>
[GenerateSerializer, Immutable, Alias("synth.streams.StreamInfo")]
public sealed record StreamInfo(
    string Id,
    StreamStatus Status,
    StreamSpec Spec,
    double? Rate,
    long Emitted,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StoppedAt,
    string? Error,
    IReadOnlyList<StreamFile> Files,
    long Made = 0,
    long Behind = 0,
    double? LatenessP99Ms = null,
    IReadOnlyList<SinkHealth>? Sinks = null,
    IReadOnlyList<PlanChange>? PlanChanges = null);

/// <summary>One closed file of the files sink: records <c>[First, First + Count)</c>.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.StreamFile")]
public sealed record StreamFile(string Key, long First, long Count, long Bytes);
