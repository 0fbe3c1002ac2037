namespace Synth.Storage.Tests.TestSupport;

/// <summary>
/// A real store that also records which ranges were opened for reading, so a test can see that
/// a composed read touched only the parts it needed. Everything else passes straight through.
/// </summary>
internal sealed class OpenCountingStore(IArtifactStore inner) : IArtifactStore
{
    private readonly List<(string Key, long Offset, long? Length)> _opened = [];

    public IReadOnlyList<(string Key, long Offset, long? Length)> Opened
    {
        get
        {
            lock (_opened) return [.. _opened];
        }
    }

    public Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        lock (_opened) _opened.Add((key, offset, length));
        return inner.OpenReadAsync(key, offset, length, cancellationToken);
    }

    public Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default) => inner.BeginUploadAsync(key, cancellationToken);
    public Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);
    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeletePrefixAsync(prefix, cancellationToken);
}
