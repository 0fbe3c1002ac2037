namespace Synth.Storage.Local;

/// <summary>
/// An upload to <see cref="LocalArtifactStore"/>: the bytes go to a temporary file beside the
/// final one, which the commit renames into place. A rename within one directory is atomic, so
/// readers see the old file or the whole new one.
/// </summary>
internal sealed class LocalArtifactUpload : IArtifactUpload
{
    private readonly string _key;
    private readonly string _finalPath;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly FileUploadStream _content;
    private bool _committed;
    private bool _closed;

    public LocalArtifactUpload(string key, string finalPath, string tempPath, FileStream file)
    {
        _key = key;
        _finalPath = finalPath;
        _tempPath = tempPath;
        _file = file;
        _content = new FileUploadStream(file);
    }

    public Stream Content => _content;

    public async Task<ArtifactInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_committed) throw new InvalidOperationException($"The upload of '{_key}' was already committed.");
        ObjectDisposedException.ThrowIf(_closed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _content.EndWriting(complete: true);
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            // On disk before the rename: after a crash the key holds the old bytes or the new
            // ones, never a renamed file whose data was still in the page cache.
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync().ConfigureAwait(false);
            File.Move(_tempPath, _finalPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactStoreException($"Could not publish '{_key}' at {_finalPath}: {e.Message}", innerException: e);
        }
        finally
        {
            _content.Release();
        }

        _committed = true;
        _closed = true;
        var info = new FileInfo(_finalPath);
        return new ArtifactInfo(_key, info.Length, info.LastWriteTimeUtc);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        _content.EndWriting();
        _content.Release();
        await _file.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_tempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The abort itself succeeded (nothing was published); a leftover temporary file is
            // invisible to readers and listings.
        }
    }
}
