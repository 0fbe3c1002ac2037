namespace Synth.Storage;

/// <summary>
/// One object being written (see <see cref="IArtifactStore.BeginUploadAsync"/>). Write the bytes
/// to <see cref="Content"/>, then call <see cref="CommitAsync"/>; disposing without a commit
/// aborts the upload and leaves nothing behind.
/// </summary>
public interface IArtifactUpload : IAsyncDisposable
{
    /// <summary>
    /// Write-only and forward-only. Data streams out to the store as it is written, so memory
    /// stays bounded whatever the object's size (a few blocks of a few MiB for the remote stores).
    /// Disposing it (say, through the <see cref="StreamWriter"/> that wraps it) only ends the
    /// writing: it neither commits nor aborts.
    /// </summary>
    Stream Content { get; }

    /// <summary>
    /// Publishes everything written to <see cref="Content"/> as the object under the key,
    /// atomically, and returns what readers will now see. Can be called once.
    /// </summary>
    Task<ArtifactInfo> CommitAsync(CancellationToken cancellationToken = default);
}
