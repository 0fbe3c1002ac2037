namespace Synth.Storage.Sinks;

/// <summary>A file the files sink published: records <c>[First, First + Count)</c>.</summary>
public sealed record ClosedFile(string Key, long First, long Count, long Bytes);
