using System.Globalization;
using System.Net;
using System.Text;

namespace Synth.Storage.Azure;

/// <summary>
/// An upload to <see cref="AzureBlobArtifactStore"/>. Each full block is sent with Put Block as
/// soon as it is written; the commit sends Put Block List, which makes the blob exist (or replaces
/// it) in one step. Without a commit the staged blocks are never part of any blob and the service
/// discards them (after a week), so an abort only has to stop sending. An object smaller than one
/// block goes up with a single Put Blob at commit.
/// </summary>
internal sealed class AzureBlobUpload : IArtifactUpload
{
    /// <summary>Blocks one blob may have (the service's limit).</summary>
    public const int MaxBlocks = 50_000;

    private readonly AzureBlobClient _client;
    private readonly string _key;
    private readonly BlockUploadStream _content;
    // Unique per upload, so two uploads to one key never mix their uncommitted blocks.
    private readonly string _uploadId = Guid.NewGuid().ToString("N")[..18];
    private bool _committed;
    private bool _closed;

    public AzureBlobUpload(AzureBlobClient client, string key, int blockSize, int maxBlocksInFlight)
    {
        _client = client;
        _key = key;
        _content = new BlockUploadStream(blockSize, maxBlocksInFlight, MaxBlocks, PutBlockAsync);
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
        using var response = result.SingleBlock is { } bytes
            ? await _client.SendAsync("Put Blob", _key, () => PutBlobRequest(bytes), cancellationToken).ConfigureAwait(false)
            : await _client.SendAsync("Put Block List", _key, () => PutBlockListRequest(result.BlockCount), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created) throw await AzureBlobClient.FailureAsync(response, "commit", _key).ConfigureAwait(false);
        _committed = true;
        _closed = true;
        var lastModified = response.Content.Headers.LastModified ?? DateTimeOffset.UtcNow;
        return new ArtifactInfo(_key, result.Length, lastModified);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        await _content.AbandonAsync().ConfigureAwait(false);
    }

    private async Task PutBlockAsync(int index, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        var query = "comp=block&blockid=" + Uri.EscapeDataString(BlockId(index));
        using var response = await _client.SendAsync("Put Block", _key,
            () => new HttpRequestMessage(HttpMethod.Put, _client.BlobUri(_key, query)) { Content = new ReadOnlyMemoryContent(block) },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created) throw await AzureBlobClient.FailureAsync(response, $"Put Block {index}", _key).ConfigureAwait(false);
    }

    private HttpRequestMessage PutBlobRequest(byte[] bytes)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, _client.BlobUri(_key)) { Content = new ByteArrayContent(bytes) };
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        return request;
    }

    private HttpRequestMessage PutBlockListRequest(int blockCount)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        for (var i = 0; i < blockCount; i++)
        {
            xml.Append("<Latest>").Append(BlockId(i)).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        return new HttpRequestMessage(HttpMethod.Put, _client.BlobUri(_key, "comp=blocklist"))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml.ToString())),
        };
    }
}
