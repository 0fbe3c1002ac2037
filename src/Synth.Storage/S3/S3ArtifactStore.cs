using System.Net;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Synth.Storage.S3;

/// <summary>
/// Artifacts as objects in one S3 bucket, through the AWS SDK; works against Amazon S3 and
/// S3-compatible servers. The bucket is created on first use when missing.
/// </summary>
/// <remarks>
/// Uploads stream as multipart uploads (see <see cref="S3ArtifactUpload"/>), so an object is
/// either the old one or the whole new one. Reads use GetObject with a byte range; listings use
/// ListObjectsV2, page by page. S3 does not say whether a deleted object existed, so
/// <see cref="DeleteAsync"/> asks first: with a concurrent writer its answer may be stale.
/// </remarks>
public sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly S3ArtifactStoreOptions _options;
    private readonly string _bucket;
    private readonly Lock _bucketGate = new();
    private Task? _bucketReady;

    /// <summary>Creates the store; throws <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>.</summary>
    public S3ArtifactStore(S3ArtifactStoreOptions options)
    {
        var problems = options.Validate($"{nameof(S3ArtifactStoreOptions)}.");
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _options = options;
        _bucket = options.Bucket!;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            MaxErrorRetry = options.MaxRetries,
            Timeout = options.RequestTimeout,
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.AbsoluteUri;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>The bucket that holds the artifacts.</summary>
    public string Bucket => _bucket;

    public async Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        return new S3ArtifactUpload(this, _client, _bucket, key, _options.PartSize, _options.MaxPartsInFlight);
    }

    public async Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_bucket, key, cancellationToken).ConfigureAwait(false);
            return new ArtifactInfo(key, metadata.ContentLength, ToOffset(metadata.LastModified));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure("HeadObject", key, e);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArtifactKey.Validate(key);
        ByteRange.ValidateArguments(offset, length);
        if (length == 0) return await EmptyRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var request = new GetObjectRequest { BucketName = _bucket, Key = key };
        // No range for a whole read: an empty object has no byte 0 to range over.
        if (offset > 0 || length is not null)
        {
            request.ByteRange = length is { } l ? new Amazon.S3.Model.ByteRange(offset, offset + l - 1) : new Amazon.S3.Model.ByteRange($"bytes={offset}-");
        }

        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return new ArtifactReadStream(response.ResponseStream, owner: response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ArtifactNotFoundException(key);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The range starts at or past the end; which of the two decides between empty and an error.
            return await EmptyRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure("GetObject", key, e);
        }
    }

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = continuation };
            if (_options.PageSize is { } size) request.MaxKeys = size;
            var page = await CallAsync("ListObjectsV2", prefix, () => _client.ListObjectsV2Async(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.S3Objects)
            {
                yield return new ArtifactInfo(entry.Key, entry.Size, ToOffset(entry.LastModified));
            }

            continuation = page.IsTruncated ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (await GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is null) return false;
        await CallAsync("DeleteObject", key, () => _client.DeleteObjectAsync(_bucket, key, cancellationToken), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        if (prefix.Length == 0) throw new ArgumentException("DeletePrefixAsync needs a non-empty prefix: it would delete every artifact.", nameof(prefix));
        // Listed first, deleted after: deleting while paging could move the continuation point.
        var keys = new List<string>();
        await foreach (var info in ListAsync(prefix, cancellationToken).ConfigureAwait(false)) keys.Add(info.Key);
        var deleted = 0;
        foreach (var batch in keys.Chunk(1000)) // DeleteObjects takes at most 1000 keys
        {
            var request = new DeleteObjectsRequest { BucketName = _bucket, Objects = [.. batch.Select(k => new KeyVersion { Key = k })] };
            var response = await CallAsync("DeleteObjects", prefix, () => _client.DeleteObjectsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            deleted += response.DeletedObjects.Count;
        }

        return deleted;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Runs one SDK call, turning its failures into <see cref="ArtifactStoreException"/>.</summary>
    internal static async Task<T> CallAsync<T>(string operation, string? key, Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure(operation, key, e);
        }
    }

    // What the SDK throws once its own retries are spent: the service's answer, or a connection
    // that broke or timed out (which it passes on as it is). The caller's cancellation stays one.
    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static ArtifactStoreException Failure(string operation, string? key, Exception e)
    {
        var what = key is null ? operation : $"{operation} of '{key}'";
        return e is AmazonServiceException service && service.StatusCode != 0
            ? new ArtifactStoreException($"S3: {what} failed with HTTP {(int)service.StatusCode} ({service.ErrorCode}: {service.Message}).", service.StatusCode, service.ErrorCode, e)
            : new ArtifactStoreException($"S3: {what} failed: {e.Message}", innerException: e);
    }

    // The SDK hands times over as local DateTimes.
    private static DateTimeOffset ToOffset(DateTime time) => new(time.ToUniversalTime(), TimeSpan.Zero);

    private async Task<Stream> EmptyRangeAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new ArtifactNotFoundException(key);
        ByteRange.CountWithin(key, info.Length, offset, length); // throws when the offset is past the end
        return ArtifactReadStream.Empty();
    }

    // Once per store; a failed attempt is forgotten so the next call tries again.
    private Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        lock (_bucketGate)
        {
            if (_bucketReady is null || _bucketReady.IsFaulted || _bucketReady.IsCanceled) _bucketReady = CreateBucketAsync();
            return _bucketReady.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateBucketAsync()
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket, UseClientRegion = true }).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
        {
            throw Failure($"CreateBucket '{_bucket}'", null, e);
        }
    }
}
