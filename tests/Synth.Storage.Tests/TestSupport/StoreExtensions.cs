namespace Synth.Storage.Tests.TestSupport;

/// <summary>Short forms of what the tests do again and again with a store.</summary>
internal static class StoreExtensions
{
    /// <summary>Uploads <paramref name="bytes"/> as <paramref name="key"/> and commits.</summary>
    public static async Task<ArtifactInfo> PutAsync(this IArtifactStore store, string key, byte[] bytes, CancellationToken cancellationToken = default)
    {
        await using var upload = await store.BeginUploadAsync(key, cancellationToken);
        await upload.Content.WriteAsync(bytes, cancellationToken);
        return await upload.CommitAsync(cancellationToken);
    }

    /// <summary>Reads the range fully.</summary>
    public static async Task<byte[]> ReadAsync(this IArtifactStore store, string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(key, offset, length, cancellationToken);
        return await ReadToEndAsync(stream, cancellationToken);
    }

    /// <summary>Every key under <paramref name="prefix"/>, in the order listed.</summary>
    public static async Task<List<string>> KeysAsync(this IArtifactStore store, string prefix, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(prefix, cancellationToken)) keys.Add(info.Key);
        return keys;
    }

    public static async Task<byte[]> ReadToEndAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
