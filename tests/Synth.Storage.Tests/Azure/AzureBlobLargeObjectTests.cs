using System.Security.Cryptography;
using Synth.Storage.Azure;
using Synth.Storage.Tests.TestSupport;

namespace Synth.Storage.Tests.Azure;

/// <summary>
/// An object far larger than one block goes through Azurite the way a big job's part would: generated
/// on the fly, streamed up block by block, never held whole in memory on either side of the test.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AzureBlobLargeObjectTests(AzuriteServer azurite)
{
    private const int BlockSize = 8 * 1024 * 1024;
    private const long Length = 100L * 1024 * 1024 + 12_345; // 104,869,945 bytes: over 100 MB, ending in a partial block
    private const ulong Seed = 2024;

    [Fact]
    public async Task An_object_over_100_MB_streams_up_in_blocks_and_reads_back_byte_for_byte()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var options = azurite.NewOptions();
        options.BlockSize = BlockSize;
        using var store = new AzureBlobArtifactStore(options);
        const string key = "jobs/big/part-00000.bin";

        string uploadedHash;
        await using (var upload = await store.BeginUploadAsync(key, ct))
        {
            uploadedHash = await WriteAsync(upload.Content, ct);
            (await upload.CommitAsync(ct)).Length.Should().Be(Length);
        }

        (await store.GetInfoAsync(key, ct))!.Length.Should().Be(Length);

        var blocks = await store.GetCommittedBlocksAsync(key, ct);
        blocks.Should().HaveCount((int)((Length + BlockSize - 1) / BlockSize), "every full 8 MiB buffer is its own Put Block");
        blocks.SkipLast(1).Should().OnlyContain(b => b.Size == BlockSize);
        blocks[^1].Size.Should().Be(Length % BlockSize);
        blocks.Select(b => b.Id.Length).Distinct().Should().ContainSingle("all block ids of a blob have one length");

        foreach (var (offset, count) in new (long, int)[] { (0, 4096), (BlockSize - 100, 200), (3L * BlockSize, BlockSize), (50_000_000, 1_000_000), (Length - 500, 500) })
        {
            await using var range = await store.OpenReadAsync(key, offset, count, ct);
            var expected = new byte[count];
            TestBytes.Fill(expected, offset, Seed);
            (await StoreExtensions.ReadToEndAsync(range, ct)).Should().Equal(expected, $"bytes {offset}..{offset + count} are what was written there");
        }

        await using (var whole = await store.OpenReadAsync(key, cancellationToken: ct))
        {
            Convert.ToHexString(await SHA256.HashDataAsync(whole, ct)).Should().Be(uploadedHash);
        }

        var listed = new List<ArtifactInfo>();
        await foreach (var info in store.ListAsync("jobs/big/", ct)) listed.Add(info);
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Key = key, Length });

        (await store.DeleteAsync(key, ct)).Should().BeTrue();
        (await store.GetInfoAsync(key, ct)).Should().BeNull();
    }

    // 1 MB + 3 at a time, so writes straddle block boundaries; returns the SHA-256 (hex) of all of it.
    private static async Task<string> WriteAsync(Stream content, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1_000_003];
        for (long written = 0; written < Length;)
        {
            var count = (int)Math.Min(buffer.Length, Length - written);
            TestBytes.Fill(buffer.AsSpan(0, count), written, Seed);
            hash.AppendData(buffer, 0, count);
            await content.WriteAsync(buffer.AsMemory(0, count), ct);
            written += count;
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
