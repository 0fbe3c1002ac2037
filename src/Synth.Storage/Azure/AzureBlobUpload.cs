using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Synth.Storage.Azure;

/// <summary>
/// An upload to <see cref="AzureBlobArtifactStore"/>. Each full block is staged as soon as it is
/// written; the commit sends the block list, which makes the blob exist (or replaces it) in one
/// step. Without a commit the staged blocks are never part of any blob and the service discards
/// them (after a week), so an abort only has to stop sending. An object smaller than one block
/// goes up with a single upload at commit.
/// </summary>
internal sealed class AzureBlobUpload : IArtifactUpload
{
    /// <summary>Blocks one blob may have (the service's limit).</summary>
    public const int MaxBlocks = 50_000;

    private readonly BlockBlobClient _blob;
    private readonly string _key;
    private readonly BlockUploadStream _content;
    // Unique per upload, so two uploads to one key never mix their uncommitted blocks.
    private readonly string _uploadId = Guid.NewGuid().ToString("N")[..18];
    private bool _committed;
    private bool _closed;

    public AzureBlobUpload(BlockBlobClient blob, string key, int blockSize, int maxBlocksInFlight)
    {
        _blob = blob;
        _key = key;
        _content = new BlockUploadStream(blockSize, maxBlocksInFlight, MaxBlocks, StageBlockAsync);
    }

    public Stream Content => _content;

    /// <summary>
    /// The id of block <paramref name="index"/>: base64 of 24 ASCII characters (the upload's id and a
    /// 6-digit index). All ids of a blob must have the same length, hence the fixed width.
    /// </summary>
    public string BlockId(int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(_uploadId + index.ToString("D6", CultureInfo.InvariantCulture)));

    public async Task<ArtifactInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_committed) throw new InvalidOperationException($"The upload of '{_key}' was already committed.");
        ObjectDisposedException.ThrowIf(_closed, this);
        var result = await _content.FinishAsync(cancellationToken).ConfigureAwait(false);
        BlobContentInfo info;
        try
        {
            info = result.SingleBlock is { } bytes
                ? await _blob.UploadAsync(new MemoryStream(bytes, writable: false), new BlobUploadOptions(), cancellationToken).ConfigureAwait(false)
                : await _blob.CommitBlockListAsync(Enumerable.Range(0, result.BlockCount).Select(BlockId), new CommitBlockListOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw AzureBlobArtifactStore.Failure(e, "commit", _key);
        }
        _committed = true;
        _closed = true;
        return new ArtifactInfo(_key, result.Length, info.LastModified);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        await _content.AbandonAsync().ConfigureAwait(false);
    }

    private async Task StageBlockAsync(int index, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        try
        {
            await _blob.StageBlockAsync(BlockId(index), BinaryData.FromBytes(block).ToStream(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw AzureBlobArtifactStore.Failure(e, $"Put Block {index.ToString(CultureInfo.InvariantCulture)}", _key);
        }
    }
}
