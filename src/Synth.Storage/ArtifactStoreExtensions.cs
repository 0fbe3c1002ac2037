namespace Synth.Storage;

public static class ArtifactStoreExtensions
{
    /// <summary>
    /// The whole object in memory: for small artifacts only (manifests, shard summaries, models);
    /// files users download are streamed.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">There is no object under the key.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(this IArtifactStore store, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var stream = await store.OpenReadAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
