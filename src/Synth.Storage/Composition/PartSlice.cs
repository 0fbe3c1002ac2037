namespace Synth.Storage.Composition;

/// <summary>The bytes [<paramref name="Offset"/>, <paramref name="Offset"/> + <paramref name="Length"/>) of one part, as a range read needs them.</summary>
internal sealed record PartSlice(ArtifactPart Part, long Offset, long Length);
