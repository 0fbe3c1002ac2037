namespace Synth.Storage.Composition;

/// <summary>One part of a multi-part artifact: the object's key and its length in bytes.</summary>
public sealed record ArtifactPart(string Key, long Length);
