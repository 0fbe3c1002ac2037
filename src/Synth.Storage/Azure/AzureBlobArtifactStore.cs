using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Synth.Storage.Azure;

/// <summary>
/// Artifacts as block blobs in one Azure Blob Storage container, spoken to over the REST API
/// with Shared Key authorization (see <see cref="SharedKeyAuthorizer"/>). Works against Azure
/// and Azurite. The container is created on first use when missing.
/// </summary>
/// <remarks>
/// Uploads stream in blocks and are published by Put Block List (see <see cref="AzureBlobUpload"/>),
/// so a blob is either the old one or the whole new one. Reads use Get Blob with x-ms-range;
/// listings use List Blobs, page by page.
/// </remarks>
public sealed class AzureBlobArtifactStore : IArtifactStore, IDisposable
{
    private readonly AzureBlobClient _client;
    private readonly AzureBlobArtifactStoreOptions _options;
    private readonly Lock _containerGate = new();
    private Task? _containerReady;

    /// <summary>Creates the store; throws <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>.</summary>
    public AzureBlobArtifactStore(AzureBlobArtifactStoreOptions options)
    {
        var problems = options.Validate($"{nameof(AzureBlobArtifactStoreOptions)}.");
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _options = options;
        _client = new AzureBlobClient(options.Resolve(), options.Container, options.MaxRetries, options.RequestTimeout);
    }

    /// <summary>The container that holds the artifacts.</summary>
    public string Container => _options.Container;

    public async Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        return new AzureBlobUpload(_client, key, _options.BlockSize, _options.MaxBlocksInFlight);
    }

    public async Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        using var response = await _client.SendAsync("Get Blob Properties", key,
            () => new HttpRequestMessage(HttpMethod.Head, _client.BlobUri(key)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.StatusCode != HttpStatusCode.OK) throw await AzureBlobClient.FailureAsync(response, "Get Blob Properties", key).ConfigureAwait(false);
        return new ArtifactInfo(key, response.Content.Headers.ContentLength ?? 0, response.Content.Headers.LastModified ?? DateTimeOffset.MinValue);
    }

    public async Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        ByteRange.ValidateArguments(offset, length);
        if (length == 0) return await EmptyRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

        // No range header for a whole read: an empty blob has no byte 0 to range over.
        var range = offset == 0 && length is null
            ? null
            : $"bytes={offset}-" + (length is { } l ? (offset + l - 1).ToString(CultureInfo.InvariantCulture) : "");
        var response = await _client.SendAsync("Get Blob", key, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, _client.BlobUri(key));
            if (range is not null) request.Headers.TryAddWithoutValidation("x-ms-range", range);
            return request;
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent)
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ArtifactReadStream(body, owner: response);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound) throw new ArtifactNotFoundException(key);
            // The range starts at or past the end; which of the two decides between empty and an error.
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                return await EmptyRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
            throw await AzureBlobClient.FailureAsync(response, "Get Blob", key).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        string? marker = null;
        do
        {
            var query = "restype=container&comp=list"
                        + (prefix.Length > 0 ? "&prefix=" + Uri.EscapeDataString(prefix) : "")
                        + (marker is null ? "" : "&marker=" + Uri.EscapeDataString(marker))
                        + (_options.PageSize is { } size ? "&maxresults=" + size.ToString(CultureInfo.InvariantCulture) : "");
            XElement page;
            using (var response = await _client.SendAsync("List Blobs", prefix,
                       () => new HttpRequestMessage(HttpMethod.Get, _client.ContainerUri(query)), cancellationToken).ConfigureAwait(false))
            {
                if (response.StatusCode != HttpStatusCode.OK) throw await AzureBlobClient.FailureAsync(response, "List Blobs", prefix).ConfigureAwait(false);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                page = (await XDocument.LoadAsync(body, LoadOptions.None, cancellationToken).ConfigureAwait(false)).Root!;
            }

            foreach (var blob in page.Element("Blobs")?.Elements("Blob") ?? [])
            {
                var properties = blob.Element("Properties");
                yield return new ArtifactInfo(
                    blob.Element("Name")!.Value,
                    long.Parse(properties?.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(properties?.Element("Last-Modified")?.Value ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
            }

            marker = page.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        using var response = await _client.SendAsync("Delete Blob", key,
            () => new HttpRequestMessage(HttpMethod.Delete, _client.BlobUri(key)), cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => true,
            HttpStatusCode.NotFound => false,
            _ => throw await AzureBlobClient.FailureAsync(response, "Delete Blob", key).ConfigureAwait(false),
        };
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        if (prefix.Length == 0) throw new ArgumentException("DeletePrefixAsync needs a non-empty prefix: it would delete every artifact.", nameof(prefix));
        var deleted = 0;
        // The service has no "delete by prefix" (its batch API is not worth the code here):
        // one Delete Blob per object, a few at a time.
        await Parallel.ForEachAsync(ListAsync(prefix, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (info, ct) =>
            {
                if (await DeleteAsync(info.Key, ct).ConfigureAwait(false)) Interlocked.Increment(ref deleted);
            }).ConfigureAwait(false);
        return deleted;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The committed blocks of a blob, in order (name, size): lets tests see how an upload was cut.</summary>
    internal async Task<IReadOnlyList<(string Id, long Size)>> GetCommittedBlocksAsync(string key, CancellationToken cancellationToken = default)
    {
        using var response = await _client.SendAsync("Get Block List", key,
            () => new HttpRequestMessage(HttpMethod.Get, _client.BlobUri(key, "comp=blocklist&blocklisttype=committed")), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) throw new ArtifactNotFoundException(key);
        if (response.StatusCode != HttpStatusCode.OK) throw await AzureBlobClient.FailureAsync(response, "Get Block List", key).ConfigureAwait(false);
        var list = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Root!;
        return [.. (list.Element("CommittedBlocks")?.Elements("Block") ?? []).Select(b =>
            (b.Element("Name")!.Value, long.Parse(b.Element("Size")!.Value, CultureInfo.InvariantCulture)))];
    }

    private async Task<Stream> EmptyRangeAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new ArtifactNotFoundException(key);
        ByteRange.CountWithin(key, info.Length, offset, length); // throws when the offset is past the end
        return ArtifactReadStream.Empty();
    }

    // Once per store; a failed attempt is forgotten so the next call tries again.
    private Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        lock (_containerGate)
        {
            if (_containerReady is null || _containerReady.IsFaulted || _containerReady.IsCanceled) _containerReady = CreateContainerAsync();
            return _containerReady.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateContainerAsync()
    {
        using var response = await _client.SendAsync("Create Container", null,
            () => new HttpRequestMessage(HttpMethod.Put, _client.ContainerUri("restype=container")), CancellationToken.None).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created) return;
        if (response.StatusCode == HttpStatusCode.Conflict && AzureBlobClient.ErrorCode(response) == "ContainerAlreadyExists") return;
        throw await AzureBlobClient.FailureAsync(response, $"Create Container '{_options.Container}'", null).ConfigureAwait(false);
    }
}
