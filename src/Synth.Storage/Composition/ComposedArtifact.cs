namespace Synth.Storage.Composition;

/// <summary>Reads a multi-part artifact (see <see cref="ArtifactManifest"/>) as one file.</summary>
public static class ComposedArtifact
{
    /// <summary>
    /// Streams the bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// of the parts concatenated in order (a null length reads to the end; a range past the end is
    /// cut there, as in <see cref="IArtifactStore.OpenReadAsync"/>). Only the parts the range touches
    /// are opened, one at a time as the reader reaches them, each for just its share of the range;
    /// nothing is buffered beyond what the stores buffer.
    /// </summary>
    /// <remarks>
    /// The first part is opened before this returns, so a missing part usually fails here, before an
    /// HTTP answer has started. A part that turns out shorter than the manifest says fails the read
    /// with <see cref="InvalidDataException"/> instead of shifting every later byte.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The offset or length is negative, or the offset lies beyond the end.</exception>
    /// <exception cref="ArtifactNotFoundException">The first part the range touches is missing.</exception>
    public static async Task<Stream> OpenReadAsync(IArtifactStore store, ArtifactManifest manifest, long offset = 0, long? length = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(manifest);
        ByteRange.ValidateArguments(offset, length);
        var count = ByteRange.CountWithin(manifest.FileName, manifest.TotalLength, offset, length);

        // Each touched part with the slice of it the range covers.
        var slices = new List<PartSlice>();
        long partStart = 0;
        var end = offset + count;
        foreach (var part in manifest.Parts)
        {
            var partEnd = partStart + part.Length;
            var from = Math.Max(offset, partStart);
            var to = Math.Min(end, partEnd);
            if (to > from) slices.Add(new PartSlice(part, from - partStart, to - from));
            partStart = partEnd;
        }

        var stream = new ComposedArtifactStream(store, slices);
        try
        {
            await stream.OpenFirstAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return stream;
    }
}
