using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Synth.Storage.S3;

/// <summary>
/// An upload to <see cref="S3ArtifactStore"/>: a multipart upload, started when the first part is
/// full, each part sent as soon as it is written; CompleteMultipartUpload at commit makes the
/// object appear (or replace the old one) in one step, and AbortMultipartUpload on a dispose
/// without commit discards the parts. An object smaller than one part goes up with a single
/// PutObject at commit, and an aborted one never reached the service at all.
/// </summary>
internal sealed class S3ArtifactUpload : IArtifactUpload
{
    /// <summary>Parts one multipart upload may have (the service's limit).</summary>
    public const int MaxParts = 10_000;

    private readonly S3ArtifactStore _store;
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly BlockUploadStream _content;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _partETags = [];
    private Task<string>? _uploadId;
    private int _partsUploaded;
    private bool _committed;
    private bool _closed;

    public S3ArtifactUpload(S3ArtifactStore store, IAmazonS3 client, string bucket, string key, int partSize, int maxPartsInFlight)
    {
        _store = store;
        _client = client;
        _bucket = bucket;
        _key = key;
        _content = new BlockUploadStream(partSize, maxPartsInFlight, MaxParts, UploadPartAsync);
    }

    public Stream Content => _content;

    /// <summary>Parts stored so far by UploadPart (0 for an object that goes up in one PutObject); for diagnostics and tests.</summary>
    internal int PartsUploaded => Volatile.Read(ref _partsUploaded);

    public async Task<ArtifactInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_committed) throw new InvalidOperationException($"The upload of '{_key}' was already committed.");
        ObjectDisposedException.ThrowIf(_closed, this);
        var result = await _content.FinishAsync(cancellationToken).ConfigureAwait(false);
        if (result.SingleBlock is { } bytes)
        {
            await S3ArtifactStore.CallAsync("PutObject", _key, () => _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = _key,
                InputStream = new MemoryStream(bytes, writable: false),
                UseChunkEncoding = false,
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var uploadId = await _uploadId!.ConfigureAwait(false);
            List<PartETag> parts;
            lock (_gate) parts = [.. _partETags.OrderBy(p => p.Key).Select(p => new PartETag(p.Key, p.Value))];
            await S3ArtifactStore.CallAsync("CompleteMultipartUpload", _key, () => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = _key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        _committed = true;
        _closed = true;
        // Neither answer carries the modification time; the object's own does. Were it replaced
        // meanwhile, the time is the newer one's, which is still a time this key changed.
        var info = await _store.GetInfoAsync(_key, cancellationToken).ConfigureAwait(false);
        return new ArtifactInfo(_key, result.Length, info?.LastModified ?? DateTimeOffset.UtcNow);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        await _content.AbandonAsync().ConfigureAwait(false);
        Task<string>? started;
        lock (_gate) started = _uploadId;
        if (started is null) return;
        try
        {
            var uploadId = await started.ConfigureAwait(false);
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = _key, UploadId = uploadId }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArtifactStoreException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            // Nothing was published either way. Parts of an upload that could not be aborted stay
            // invisible, and a bucket lifecycle rule (AbortIncompleteMultipartUpload) reclaims them.
        }
    }

    private async Task UploadPartAsync(int index, ReadOnlyMemory<byte> part, CancellationToken cancellationToken)
    {
        var uploadId = await StartedUploadId().ConfigureAwait(false);
        // The part is a slice of a pooled array; a seekable stream over it lets the SDK hash it
        // and rewind it for a retry.
        if (!MemoryMarshal.TryGetArray(part, out var segment)) segment = part.ToArray();
        var response = await S3ArtifactStore.CallAsync($"UploadPart {index + 1}", _key, () => _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = _key,
            UploadId = uploadId,
            PartNumber = index + 1,
            PartSize = segment.Count,
            InputStream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false),
            UseChunkEncoding = false,
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        lock (_gate) _partETags[index + 1] = response.ETag;
        Interlocked.Increment(ref _partsUploaded);
    }

    private Task<string> StartedUploadId()
    {
        lock (_gate)
        {
            return _uploadId ??= StartAsync();
        }

        async Task<string> StartAsync()
        {
            var response = await S3ArtifactStore.CallAsync("CreateMultipartUpload", _key,
                () => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _key })).ConfigureAwait(false);
            return response.UploadId;
        }
    }
}
