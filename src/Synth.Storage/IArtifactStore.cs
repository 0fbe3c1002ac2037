namespace Synth.Storage;

/// <summary>
/// Where generated files (job parts, manifests, uploaded datasets) live: local disk, Azure Blob
/// Storage or S3. Keys are '/'-separated relative paths such as <c>jobs/7f3c/part-00003.csv</c>
/// (see <see cref="ArtifactKey"/>); every method throws <see cref="ArgumentException"/> naming a
/// key that is not one.
/// </summary>
/// <remarks>
/// Publishing is atomic per object: a reader sees either the previous object (or none) or the
/// whole new one, never a half-written one. Service failures other than "not found" throw
/// <see cref="ArtifactStoreException"/>.
/// </remarks>
public interface IArtifactStore
{
    /// <summary>
    /// Starts writing a new object. It stays invisible to readers until
    /// <see cref="IArtifactUpload.CommitAsync"/>, which replaces any object already under the key;
    /// disposing the upload without committing aborts it and leaves nothing behind.
    /// </summary>
    Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The object's length and modification time, or null when there is no object under the key.</summary>
    Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// of the object; a null length reads to the end, and a range running past the end is cut
    /// there (as HTTP ranges are). An offset equal to the object's length gives an empty stream.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">There is no object under the key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The offset or length is negative, or the offset lies beyond the end of the object.
    /// </exception>
    Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every committed object whose key starts with <paramref name="prefix"/> (a plain string
    /// prefix: <c>jobs/7f</c> matches <c>jobs/7f3c/a.csv</c>; empty lists everything), in ordinal
    /// key order. Objects are fetched page by page as the caller enumerates.
    /// </summary>
    IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every object whose key starts with <paramref name="prefix"/> and returns how many
    /// it deleted. The prefix must not be empty: wiping a whole store is never what a caller meant.
    /// </summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
