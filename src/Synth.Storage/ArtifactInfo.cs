namespace Synth.Storage;

/// <summary>A committed object: its key, its length in bytes and when it was last written.</summary>
public sealed record ArtifactInfo(string Key, long Length, DateTimeOffset LastModified);
