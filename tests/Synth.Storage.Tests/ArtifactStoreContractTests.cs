using System.Security.Cryptography;
using Synth.Storage.Composition;
using Synth.Storage.Tests.TestSupport;

namespace Synth.Storage.Tests;

/// <summary>
/// What every <see cref="IArtifactStore"/> guarantees, specified once and run against each store
/// by a derived class on a real backend (a directory, Azurite, s3rver). Every test gets an empty
/// store of its own (a new directory, container or bucket), so tests judge only their own objects.
/// </summary>
public abstract class ArtifactStoreContractTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly List<IArtifactStore> _stores = [];
    private IArtifactStore? _store;

    /// <summary>
    /// A new, empty store. <paramref name="pageSize"/> asks for listings of that many objects per
    /// request, where the store pages at all.
    /// </summary>
    protected abstract IArtifactStore CreateStore(int? pageSize = null);

    /// <summary>The test's store.</summary>
    protected IArtifactStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Cancelled after two minutes, so a hung store fails its test instead of the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>A new store, disposed after the test.</summary>
    protected IArtifactStore NewStore(int? pageSize = null)
    {
        var store = CreateStore(pageSize);
        _stores.Add(store);
        return store;
    }

    public virtual Task InitializeAsync()
    {
        _store = NewStore();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        foreach (var store in _stores) (store as IDisposable)?.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    // ---- publishing --------------------------------------------------------------------

    [Fact]
    public async Task A_committed_upload_is_visible_with_its_length_and_bytes()
    {
        var bytes = TestBytes.Of(1000);

        var committed = await Store.PutAsync("jobs/7f3c/part-00001.csv", bytes, Ct);

        committed.Should().BeEquivalentTo(new { Key = "jobs/7f3c/part-00001.csv", Length = 1000L });
        committed.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        var info = await Store.GetInfoAsync("jobs/7f3c/part-00001.csv", Ct);
        info.Should().NotBeNull();
        info!.Length.Should().Be(1000);
        (await Store.ReadAsync("jobs/7f3c/part-00001.csv", cancellationToken: Ct)).Should().Equal(bytes);
    }

    [Fact]
    public async Task An_upload_is_invisible_until_it_is_committed()
    {
        await using var upload = await Store.BeginUploadAsync("jobs/a/part.csv", Ct);
        await upload.Content.WriteAsync(TestBytes.Of(100), Ct);
        await upload.Content.FlushAsync(Ct);

        (await Store.GetInfoAsync("jobs/a/part.csv", Ct)).Should().BeNull();
        (await Store.KeysAsync("", Ct)).Should().BeEmpty();
        await FluentActions.Awaiting(() => Store.OpenReadAsync("jobs/a/part.csv", cancellationToken: Ct)).Should().ThrowAsync<ArtifactNotFoundException>();

        await upload.CommitAsync(Ct);
        (await Store.GetInfoAsync("jobs/a/part.csv", Ct))!.Length.Should().Be(100);
    }

    [Fact]
    public async Task Disposing_an_upload_without_commit_leaves_nothing_behind()
    {
        await using (var upload = await Store.BeginUploadAsync("jobs/a/part.csv", Ct))
        {
            await upload.Content.WriteAsync(TestBytes.Of(10_000), Ct);
        }

        (await Store.GetInfoAsync("jobs/a/part.csv", Ct)).Should().BeNull();
        (await Store.KeysAsync("", Ct)).Should().BeEmpty();
        await FluentActions.Awaiting(() => Store.OpenReadAsync("jobs/a/part.csv", cancellationToken: Ct)).Should().ThrowAsync<ArtifactNotFoundException>();
    }

    [Fact]
    public async Task An_aborted_multi_block_upload_leaves_nothing_behind()
    {
        await using (var upload = await Store.BeginUploadAsync("big/aborted.bin", Ct))
        {
            await WriteTestBytesAsync(upload.Content, 11 * 1024 * 1024, seed: 3);
        }

        (await Store.GetInfoAsync("big/aborted.bin", Ct)).Should().BeNull();
        (await Store.KeysAsync("", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_commit_replaces_the_object_already_under_the_key()
    {
        await Store.PutAsync("report.csv", TestBytes.Of(500, seed: 1), Ct);

        var second = await Store.PutAsync("report.csv", TestBytes.Of(200, seed: 2), Ct);

        second.Length.Should().Be(200);
        (await Store.ReadAsync("report.csv", cancellationToken: Ct)).Should().Equal(TestBytes.Of(200, seed: 2));
        (await Store.KeysAsync("", Ct)).Should().Equal("report.csv");
    }

    [Fact]
    public async Task An_aborted_overwrite_keeps_the_old_object()
    {
        await Store.PutAsync("report.csv", TestBytes.Of(500, seed: 1), Ct);

        await using (var upload = await Store.BeginUploadAsync("report.csv", Ct))
        {
            await upload.Content.WriteAsync(TestBytes.Of(300, seed: 2), Ct);
        }

        (await Store.ReadAsync("report.csv", cancellationToken: Ct)).Should().Equal(TestBytes.Of(500, seed: 1));
    }

    [Fact]
    public async Task Two_uploads_racing_on_one_key_never_mix_their_bytes()
    {
        const int length = 9 * 1024 * 1024; // more than one block or part, so both stage blocks before committing
        await using var first = await Store.BeginUploadAsync("raced.bin", Ct);
        await using var second = await Store.BeginUploadAsync("raced.bin", Ct);
        await WriteTestBytesAsync(first.Content, length, seed: 21);
        await WriteTestBytesAsync(second.Content, length, seed: 22);

        await first.CommitAsync(Ct);
        try
        {
            await second.CommitAsync(Ct);
        }
        catch (ArtifactStoreException)
        {
            // A store may refuse the later commit (Azure discards other uploads' blocks on a
            // commit); what it may never do is publish a mixture.
        }

        await using var stream = await Store.OpenReadAsync("raced.bin", cancellationToken: Ct);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream, Ct));
        hash.Should().BeOneOf(await HashOfTestBytesAsync(length, 21), await HashOfTestBytesAsync(length, 22));
    }

    [Fact]
    public async Task An_empty_object_can_be_stored_listed_and_read()
    {
        await using (var upload = await Store.BeginUploadAsync("empty.csv", Ct))
        {
            (await upload.CommitAsync(Ct)).Length.Should().Be(0);
        }

        (await Store.GetInfoAsync("empty.csv", Ct))!.Length.Should().Be(0);
        (await Store.ReadAsync("empty.csv", cancellationToken: Ct)).Should().BeEmpty();
        (await Store.ReadAsync("empty.csv", 0, 0, Ct)).Should().BeEmpty();
        (await Store.KeysAsync("", Ct)).Should().Equal("empty.csv");
    }

    [Fact]
    public virtual async Task A_range_of_an_empty_object_is_empty()
    {
        await Store.PutAsync("empty.csv", [], Ct);

        (await Store.ReadAsync("empty.csv", 0, 10, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_object_of_several_blocks_written_in_small_pieces_reads_back_whole()
    {
        const int length = 11 * 1024 * 1024 + 12345; // more than one block or part of every store
        string expectedHash;
        await using (var upload = await Store.BeginUploadAsync("big/object.bin", Ct))
        {
            expectedHash = await WriteTestBytesAsync(upload.Content, length, seed: 7);
            (await upload.CommitAsync(Ct)).Length.Should().Be(length);
        }

        (await Store.GetInfoAsync("big/object.bin", Ct))!.Length.Should().Be(length);
        await using var stream = await Store.OpenReadAsync("big/object.bin", cancellationToken: Ct);
        Convert.ToHexString(await SHA256.HashDataAsync(stream, Ct)).Should().Be(expectedHash);
    }

    [Fact]
    public async Task Synchronous_writes_work_too()
    {
        var bytes = TestBytes.Of(9 * 1024 * 1024, seed: 4);
        await using (var upload = await Store.BeginUploadAsync("sync.bin", Ct))
        {
            for (var offset = 0; offset < bytes.Length; offset += 100_000)
            {
                upload.Content.Write(bytes, offset, Math.Min(100_000, bytes.Length - offset));
            }

            upload.Content.WriteByte(42);
            await upload.CommitAsync(Ct);
        }

        (await Store.ReadAsync("sync.bin", cancellationToken: Ct)).Should().Equal([.. bytes, (byte)42]);
    }

    [Fact]
    public async Task Disposing_the_content_stream_ends_writing_but_still_allows_the_commit()
    {
        await using var upload = await Store.BeginUploadAsync("notes.txt", Ct);
        await using (var writer = new StreamWriter(upload.Content))
        {
            await writer.WriteAsync("hello, artifact");
        }

        var info = await upload.CommitAsync(Ct);

        info.Length.Should().Be(15);
        System.Text.Encoding.UTF8.GetString(await Store.ReadAsync("notes.txt", cancellationToken: Ct)).Should().Be("hello, artifact");
    }

    [Fact]
    public async Task An_upload_commits_once_and_takes_no_writes_after_its_commit()
    {
        await using var upload = await Store.BeginUploadAsync("once.txt", Ct);
        await upload.Content.WriteAsync(TestBytes.Of(10), Ct);
        await upload.CommitAsync(Ct);

        await FluentActions.Awaiting(() => upload.CommitAsync(Ct)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => upload.Content.WriteAsync(TestBytes.Of(10), Ct).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task The_content_stream_is_write_only_and_forward_only()
    {
        await using var upload = await Store.BeginUploadAsync("stream.txt", Ct);

        upload.Content.CanWrite.Should().BeTrue();
        upload.Content.CanRead.Should().BeFalse();
        upload.Content.CanSeek.Should().BeFalse();
        FluentActions.Invoking(() => upload.Content.Seek(0, SeekOrigin.Begin)).Should().Throw<NotSupportedException>();
    }

    [Fact]
    public async Task Keys_with_spaces_and_non_ascii_characters_round_trip()
    {
        const string key = "odd names/a b+c%d&e=f;g'h(i)/naïve café 数据.csv";
        await Store.PutAsync(key, TestBytes.Of(64), Ct);

        (await Store.GetInfoAsync(key, Ct))!.Length.Should().Be(64);
        (await Store.ReadAsync(key, 10, 5, Ct)).Should().Equal(TestBytes.Of(64)[10..15]);
        (await Store.KeysAsync("odd names/", Ct)).Should().Equal(key);
        (await Store.DeleteAsync(key, Ct)).Should().BeTrue();
        (await Store.GetInfoAsync(key, Ct)).Should().BeNull();
    }

    // ---- reading ranges ------------------------------------------------------------------

    [Theory]
    [InlineData(0, 10L, 0, 10)]          // the start
    [InlineData(500, 100L, 500, 100)]    // the middle
    [InlineData(990, null, 990, 10)]     // to the end
    [InlineData(0, null, 0, 1000)]       // the whole object
    [InlineData(990, 100L, 990, 10)]     // running past the end: cut there
    [InlineData(999, 1L, 999, 1)]        // the last byte
    [InlineData(1000, null, 1000, 0)]    // starting exactly at the end: empty
    [InlineData(1000, 5L, 1000, 0)]
    [InlineData(0, 0L, 0, 0)]            // zero length
    [InlineData(123, 0L, 123, 0)]
    public async Task A_range_read_returns_exactly_the_bytes_of_the_range(long offset, long? length, int expectedStart, int expectedCount)
    {
        var bytes = TestBytes.Of(1000);
        await Store.PutAsync("ranges.bin", bytes, Ct);

        var read = await Store.ReadAsync("ranges.bin", offset, length, Ct);

        read.Should().Equal(bytes[expectedStart..(expectedStart + expectedCount)]);
    }

    [Fact]
    public async Task A_range_starting_beyond_the_end_is_refused()
    {
        await Store.PutAsync("ranges.bin", TestBytes.Of(1000), Ct);

        await FluentActions.Awaiting(() => Store.OpenReadAsync("ranges.bin", 1001, cancellationToken: Ct))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("offset");
        await FluentActions.Awaiting(() => Store.OpenReadAsync("ranges.bin", 5000, 10, Ct))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("offset");
        await FluentActions.Awaiting(() => Store.OpenReadAsync("ranges.bin", 1001, 0, Ct))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("offset");
    }

    [Fact]
    public async Task A_negative_offset_or_length_is_refused()
    {
        await Store.PutAsync("ranges.bin", TestBytes.Of(10), Ct);

        await FluentActions.Awaiting(() => Store.OpenReadAsync("ranges.bin", -1, cancellationToken: Ct))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("offset");
        await FluentActions.Awaiting(() => Store.OpenReadAsync("ranges.bin", 0, -1, Ct))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("length");
    }

    [Fact]
    public async Task Reading_a_missing_object_throws_not_found_naming_the_key()
    {
        await Store.PutAsync("present.bin", TestBytes.Of(10), Ct);

        foreach (var (offset, length) in new (long, long?)[] { (0, null), (5, 2), (0, 0), (100, null) })
        {
            var thrown = await FluentActions.Awaiting(() => Store.OpenReadAsync("jobs/missing.bin", offset, length, Ct))
                .Should().ThrowAsync<ArtifactNotFoundException>();
            thrown.Which.Key.Should().Be("jobs/missing.bin");
            thrown.Which.Message.Should().Contain("jobs/missing.bin");
        }
    }

    [Fact]
    public async Task The_info_of_a_missing_object_is_null()
    {
        (await Store.GetInfoAsync("nothing/here.csv", Ct)).Should().BeNull();
    }

    // ---- listing -------------------------------------------------------------------------

    [Fact]
    public async Task A_listing_is_in_key_order_and_holds_only_keys_with_the_prefix()
    {
        string[] keys = ["p/b", "q/x", "p/a/2", "pa", "p/a/1", "P/upper", "p/c.csv"];
        foreach (var key in keys) await Store.PutAsync(key, TestBytes.Of(3), Ct);

        (await Store.KeysAsync("p/", Ct)).Should().Equal("p/a/1", "p/a/2", "p/b", "p/c.csv");
        (await Store.KeysAsync("p/a", Ct)).Should().Equal("p/a/1", "p/a/2");
        (await Store.KeysAsync("p", Ct)).Should().Equal("p/a/1", "p/a/2", "p/b", "p/c.csv", "pa");
        (await Store.KeysAsync("", Ct)).Should().Equal("P/upper", "p/a/1", "p/a/2", "p/b", "p/c.csv", "pa", "q/x");
        (await Store.KeysAsync("r/", Ct)).Should().BeEmpty();
    }

    [Fact]
    public virtual async Task A_listing_is_in_ordinal_order_even_where_directory_order_differs()
    {
        // '-' sorts before '/', so "p/a-1" comes before everything under "p/a/", although a
        // directory walk would visit the directory "a" before the file "a-1".
        foreach (var key in new[] { "p/a/1", "p/a-1", "p/a.txt", "p/a/2" }) await Store.PutAsync(key, TestBytes.Of(3), Ct);

        (await Store.KeysAsync("p/", Ct)).Should().Equal("p/a-1", "p/a.txt", "p/a/1", "p/a/2");
    }

    [Fact]
    public async Task A_listing_reports_each_objects_length_and_modification_time()
    {
        await Store.PutAsync("sizes/one", TestBytes.Of(1), Ct);
        await Store.PutAsync("sizes/many", TestBytes.Of(4321), Ct);

        var listed = new List<ArtifactInfo>();
        await foreach (var info in Store.ListAsync("sizes/", Ct)) listed.Add(info);

        listed.Select(i => (i.Key, i.Length)).Should().Equal(("sizes/many", 4321L), ("sizes/one", 1L));
        listed.Should().OnlyContain(i => Math.Abs((i.LastModified - DateTimeOffset.UtcNow).TotalMinutes) < 5);
    }

    [Fact]
    public async Task A_listing_longer_than_a_page_is_fetched_page_by_page_without_gaps_or_repeats()
    {
        var store = NewStore(pageSize: 2);
        var keys = Enumerable.Range(0, 7).Select(i => $"paged/part-{i:D5}.csv").ToArray();
        foreach (var key in keys.Reverse()) await store.PutAsync(key, TestBytes.Of(5), Ct);
        await store.PutAsync("other/x", TestBytes.Of(5), Ct);

        (await store.KeysAsync("paged/", Ct)).Should().Equal(keys);
        (await store.KeysAsync("", Ct)).Should().Equal(["other/x", .. keys]);
    }

    // ---- deleting ------------------------------------------------------------------------

    [Fact]
    public async Task Delete_removes_the_object_and_says_whether_there_was_one()
    {
        await Store.PutAsync("jobs/1/a.csv", TestBytes.Of(10), Ct);
        await Store.PutAsync("jobs/1/b.csv", TestBytes.Of(10), Ct);

        (await Store.DeleteAsync("jobs/1/a.csv", Ct)).Should().BeTrue();
        (await Store.DeleteAsync("jobs/1/a.csv", Ct)).Should().BeFalse();
        (await Store.DeleteAsync("never/was.csv", Ct)).Should().BeFalse();

        (await Store.GetInfoAsync("jobs/1/a.csv", Ct)).Should().BeNull();
        (await Store.KeysAsync("", Ct)).Should().Equal("jobs/1/b.csv");
    }

    [Fact]
    public async Task Delete_prefix_deletes_exactly_the_objects_under_it_and_counts_them()
    {
        var store = NewStore(pageSize: 2);
        foreach (var key in new[] { "jobs/7f/a", "jobs/7f/b/c", "jobs/7f/d", "jobs/7f/e", "jobs/7f/f", "jobs/7g/a", "jobs/7", "jobs/7fx" })
            await store.PutAsync(key, TestBytes.Of(4), Ct);

        (await store.DeletePrefixAsync("jobs/7f/", Ct)).Should().Be(5);

        (await store.KeysAsync("", Ct)).Should().Equal("jobs/7", "jobs/7fx", "jobs/7g/a");
        (await store.DeletePrefixAsync("jobs/7f/", Ct)).Should().Be(0);
    }

    [Fact]
    public async Task Delete_prefix_refuses_the_empty_prefix()
    {
        await Store.PutAsync("keep.csv", TestBytes.Of(4), Ct);

        await FluentActions.Awaiting(() => Store.DeletePrefixAsync("", Ct)).Should().ThrowAsync<ArgumentException>().WithParameterName("prefix");
        (await Store.KeysAsync("", Ct)).Should().Equal("keep.csv");
    }

    // ---- keys ----------------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("/jobs/a.csv")]
    [InlineData("jobs//a.csv")]
    [InlineData("jobs/")]
    [InlineData("jobs/../etc/passwd")]
    [InlineData("..")]
    [InlineData("./a.csv")]
    [InlineData("jobs\\a.csv")]
    [InlineData("jobs/a\u0001.csv")]
    public async Task Every_operation_refuses_an_invalid_key_and_names_it(string key)
    {
        var message = $"*'{key}'*";
        await FluentActions.Awaiting(() => Store.BeginUploadAsync(key, Ct)).Should().ThrowAsync<ArgumentException>().WithMessage(message);
        await FluentActions.Awaiting(() => Store.GetInfoAsync(key, Ct)).Should().ThrowAsync<ArgumentException>().WithMessage(message);
        await FluentActions.Awaiting(() => Store.OpenReadAsync(key, cancellationToken: Ct)).Should().ThrowAsync<ArgumentException>().WithMessage(message);
        await FluentActions.Awaiting(() => Store.DeleteAsync(key, Ct)).Should().ThrowAsync<ArgumentException>().WithMessage(message);
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("jobs//")]
    [InlineData("../jobs/")]
    [InlineData("jobs\\")]
    public async Task Listing_and_deleting_refuse_an_invalid_prefix_and_name_it(string prefix)
    {
        var message = $"*'{prefix}'*";
        await FluentActions.Awaiting(() => Store.KeysAsync(prefix, Ct)).Should().ThrowAsync<ArgumentException>().WithMessage(message);
        await FluentActions.Awaiting(() => Store.DeletePrefixAsync(prefix, Ct)).Should().ThrowAsync<ArgumentException>().WithMessage(message);
    }

    // ---- multi-part artifacts ------------------------------------------------------------

    [Fact]
    public async Task A_composed_artifact_reads_any_range_across_its_parts()
    {
        var whole = TestBytes.Of(300, seed: 9);
        var manifest = new ArtifactManifest(
            [new("jobs/c/part-0", 100), new("jobs/c/part-1", 0), new("jobs/c/part-2", 150), new("jobs/c/part-3", 50)],
            "text/csv", "out.csv");
        long at = 0;
        foreach (var part in manifest.Parts)
        {
            await Store.PutAsync(part.Key, whole[(int)at..(int)(at + part.Length)], Ct);
            at += part.Length;
        }

        await manifest.SaveAsync(Store, "jobs/c/manifest.json", Ct);
        var loaded = await ArtifactManifest.LoadAsync(Store, "jobs/c/manifest.json", Ct);

        foreach (var (offset, length) in new (long, long?)[] { (0, null), (90, 20), (100, 150), (99, 152), (250, null), (299, 1), (300, null), (10, 0) })
        {
            await using var stream = await ComposedArtifact.OpenReadAsync(Store, loaded!, offset, length, Ct);
            var expectedEnd = length is { } l ? Math.Min(300, offset + l) : 300;
            (await StoreExtensions.ReadToEndAsync(stream, Ct)).Should().Equal(whole[(int)offset..(int)expectedEnd], $"range {offset}+{length}");
        }
    }

    private async Task<string> HashOfTestBytesAsync(long length, ulong seed) => await WriteTestBytesAsync(Stream.Null, length, seed);

    /// <summary>Writes <paramref name="length"/> test bytes in odd-sized pieces and returns their SHA-256 (hex).</summary>
    protected async Task<string> WriteTestBytesAsync(Stream content, long length, ulong seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1_000_003];
        for (long written = 0; written < length;)
        {
            var count = (int)Math.Min(buffer.Length, length - written);
            TestBytes.Fill(buffer.AsSpan(0, count), written, seed);
            hash.AppendData(buffer, 0, count);
            await content.WriteAsync(buffer.AsMemory(0, count), Ct);
            written += count;
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
