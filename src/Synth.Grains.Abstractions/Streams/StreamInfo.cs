namespace Synth.Grains.Streams;

/// <summary>A stream as its owner sees it.</summary>
/// <param name="Emitted">Records written to closed (published) files: the stream's checkpoint. A failover resumes from here.</param>
/// <param name="Rate">Records per second now (null: as fast as the sink takes them).</param>
/// <param name="Files">The published files, oldest first: artifact keys of <c>[first, first + count)</c>.</param>
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
    IReadOnlyList<StreamFile> Files);

/// <summary>One closed file of the rolling-file sink: records <c>[First, First + Count)</c>.</summary>
[GenerateSerializer, Immutable, Alias("synth.streams.StreamFile")]
public sealed record StreamFile(string Key, long First, long Count, long Bytes);
