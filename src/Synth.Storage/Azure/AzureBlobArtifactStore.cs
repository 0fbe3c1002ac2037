using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Synth.Storage.Azure;

/// <summary>
/// Artifacts as block blobs in one Azure Blob Storage container, through the Azure SDK
/// (Azure.Storage.Blobs) with Shared Key credentials. Works against Azure and Azurite. The
/// container is created on first use when missing.
/// </summary>
/// <remarks>
/// Uploads stream in blocks and are published by committing the block list (see
/// <see cref="AzureBlobUpload"/>), so a blob is either the old one or the whole new one. The SDK
/// retries transient failures (<see cref="AzureBlobArtifactStoreOptions.MaxRetries"/>); whatever
/// failure remains becomes an <see cref="ArtifactStoreException"/> with the service's status and
/// error code.
/// </remarks>
public sealed class AzureBlobArtifactStore : IArtifactStore, IDisposable
{
    private readonly BlobContainerClient _container;
    private readonly AzureBlobArtifactStoreOptions _options;
    private readonly Lock _containerGate = new();
    private Task? _containerReady;

    /// <summary>Creates the store; throws <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>.</summary>
    public AzureBlobArtifactStore(AzureBlobArtifactStoreOptions options)
    {
        var problems = options.Validate($"{nameof(AzureBlobArtifactStoreOptions)}.");
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _options = options;
        var account = options.Resolve();
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = global::Azure.Core.RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        var service = new BlobServiceClient(account.BlobEndpoint, new StorageSharedKeyCredential(account.AccountName, account.AccountKey), clientOptions);
        _container = service.GetBlobContainerClient(options.Container);
    }

    /// <summary>The container that holds the artifacts.</summary>
    public string Container => _options.Container;

    public async Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        return new AzureBlobUpload(_container.GetBlockBlobClient(key), key, _options.BlockSize, _options.MaxBlocksInFlight);
    }

    public async Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BlobProperties properties = await _container.GetBlobClient(key).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ArtifactInfo(key, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, "Get Blob Properties", key);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        ByteRange.ValidateArguments(offset, length);
        if (length == 0) return await EmptyRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // No range for a whole read: an empty blob has no byte 0 to range over.
            var range = offset == 0 && length is null ? default : new HttpRange(offset, length);
            BlobDownloadStreamingResult result = await _container.GetBlobClient(key)
                .DownloadStreamingAsync(new BlobDownloadOptions { Range = range }, cancellationToken).ConfigureAwait(false);
            return new ArtifactReadStream(result.Content, owner: result);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new ArtifactNotFoundException(key);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The range starts at or past the end; which of the two decides between empty and an error.
            return await EmptyRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, "Get Blob", key);
        }
    }

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length > 0 ? prefix : null }, cancellationToken)
            .AsPages(pageSizeHint: _options.PageSize).GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false)) yield break;
                    page = pages.Current;
                }
                catch (RequestFailedException e)
                {
                    throw Failure(e, "List Blobs", prefix);
                }
                foreach (var blob in page.Values)
                {
                    yield return new ArtifactInfo(blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified ?? DateTimeOffset.MinValue);
                }
            }
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, "Delete Blob", key);
        }
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        if (prefix.Length == 0) throw new ArgumentException("DeletePrefixAsync needs a non-empty prefix: it would delete every artifact.", nameof(prefix));
        var deleted = 0;
        // The service has no "delete by prefix" (its batch API is another package): one Delete Blob
        // per object, a few at a time.
        await Parallel.ForEachAsync(ListAsync(prefix, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (info, ct) =>
            {
                if (await DeleteAsync(info.Key, ct).ConfigureAwait(false)) Interlocked.Increment(ref deleted);
            }).ConfigureAwait(false);
        return deleted;
    }

    public void Dispose()
    {
        // The SDK's clients hold no resources of their own to release (their transport is shared).
    }

    /// <summary>The committed blocks of a blob, in order (name, size): lets tests see how an upload was cut.</summary>
    internal async Task<IReadOnlyList<(string Id, long Size)>> GetCommittedBlocksAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            BlockList list = await _container.GetBlockBlobClient(key).GetBlockListAsync(BlockListTypes.Committed, cancellationToken: cancellationToken).ConfigureAwait(false);
            return [.. list.CommittedBlocks.Select(b => (b.Name, b.SizeLong))];
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new ArtifactNotFoundException(key);
        }
    }

    /// <summary>The exception for a failed request, with the service's status and error code.</summary>
    internal static ArtifactStoreException Failure(RequestFailedException e, string operation, string? key)
    {
        var what = key is null ? operation : $"{operation} of '{key}'";
        var status = e.Status == 0 ? "without an answer" : $"with HTTP {e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var code = e.ErrorCode is null ? "" : $" ({e.ErrorCode})";
        return new ArtifactStoreException($"Azure Blob Storage: {what} failed {status}{code}: {FirstLine(e.Message)}",
            e.Status == 0 ? null : (HttpStatusCode)e.Status, e.ErrorCode, e);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
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
        try
        {
            await _container.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, $"Create Container '{_options.Container}'", null);
        }
    }
}
