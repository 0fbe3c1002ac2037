using Synth.Storage.Local;
using Synth.Storage.Tests.TestSupport;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Local;

/// <summary>The store contract on local disk, plus what only a directory can show.</summary>
public sealed class LocalArtifactStoreTests : ArtifactStoreContractTests
{
    private readonly List<TempDirectory> _roots = [];

    protected override IArtifactStore CreateStore(int? pageSize = null)
    {
        var root = new TempDirectory("local-store-");
        _roots.Add(root);
        return new LocalArtifactStore(root.Path);
    }

    private string Root => ((LocalArtifactStore)Store).RootDirectory;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var root in _roots) root.Dispose();
    }

    [Fact]
    public async Task An_upload_of_whole_disk_chunks_and_a_tail_in_odd_pieces_is_published_byte_for_byte()
    {
        // On Linux whole 1 MiB chunks go to the disk directly (O_DIRECT), up to four on their way at once,
        // and the tail through the page cache at the commit. Pieces smaller and larger than a chunk,
        // written both ways, go round the chunks twice.
        var bytes = new byte[(9 << 20) + 123];
        new Random(7).NextBytes(bytes);
        await using (var upload = await Store.BeginUploadAsync("big/odd.bin"))
        {
            var piece = 0;
            for (var at = 0; at < bytes.Length; piece++)
            {
                var length = Math.Min(piece % 5 == 4 ? (3 << 19) + 11 : 7_777, bytes.Length - at);
                if (piece % 2 == 0) await upload.Content.WriteAsync(bytes.AsMemory(at, length));
                else upload.Content.Write(bytes, at, length);
                at += length;
            }
            upload.Content.Position.Should().Be(bytes.Length);
            (await upload.CommitAsync()).Length.Should().Be(bytes.Length);
        }

        (await File.ReadAllBytesAsync(Path.Combine(Root, "big", "odd.bin"))).Should().Equal(bytes);
    }

    [Fact]
    public async Task An_object_is_the_file_at_its_key_under_the_root()
    {
        await Store.PutAsync("jobs/7f3c/part-00003.csv", TestBytes.Of(42), Ct);

        File.ReadAllBytes(Path.Combine(Root, "jobs", "7f3c", "part-00003.csv")).Should().Equal(TestBytes.Of(42));
    }

    [Fact]
    public async Task An_upload_in_progress_is_a_temporary_file_beside_the_key_that_no_listing_shows()
    {
        await using var upload = await Store.BeginUploadAsync("jobs/a/part.csv", Ct);
        await upload.Content.WriteAsync(TestBytes.Of(10), Ct);
        await upload.Content.FlushAsync(Ct);

        var files = Directory.GetFiles(Path.Combine(Root, "jobs", "a"));
        files.Should().ContainSingle().Which.Should().MatchRegex(@"\.upload-[0-9a-f]{32}\.tmp$");
        (await Store.KeysAsync("", Ct)).Should().BeEmpty();

        await upload.CommitAsync(Ct);
        Directory.GetFiles(Path.Combine(Root, "jobs", "a")).Select(Path.GetFileName).Should().Equal("part.csv");
    }

    [Fact]
    public async Task An_abort_deletes_the_temporary_file()
    {
        await using (var upload = await Store.BeginUploadAsync("jobs/a/part.csv", Ct))
        {
            await upload.Content.WriteAsync(TestBytes.Of(10), Ct);
        }

        Directory.GetFiles(Root, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task A_reader_keeps_its_bytes_when_the_object_is_replaced_meanwhile()
    {
        await Store.PutAsync("report.csv", TestBytes.Of(100_000, seed: 1), Ct);
        await using var reader = await Store.OpenReadAsync("report.csv", cancellationToken: Ct);

        await Store.PutAsync("report.csv", TestBytes.Of(10, seed: 2), Ct);

        (await StoreExtensions.ReadToEndAsync(reader, Ct)).Should().Equal(TestBytes.Of(100_000, seed: 1));
    }

    [Fact]
    public async Task Deleting_the_last_object_of_a_directory_removes_the_empty_directories()
    {
        await Store.PutAsync("jobs/7f/parts/a.csv", TestBytes.Of(1), Ct);
        await Store.PutAsync("jobs/keep.csv", TestBytes.Of(1), Ct);

        await Store.DeletePrefixAsync("jobs/7f/", Ct);

        Directory.Exists(Path.Combine(Root, "jobs", "7f")).Should().BeFalse();
        Directory.Exists(Path.Combine(Root, "jobs")).Should().BeTrue();
    }

    [Fact]
    public async Task A_key_that_names_a_temporary_file_is_refused()
    {
        await FluentActions.Awaiting(() => Store.BeginUploadAsync("jobs/.upload-0123456789abcdef0123456789abcdef.tmp", Ct))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*'jobs/.upload-0123456789abcdef0123456789abcdef.tmp'*");
    }

    [Fact]
    public async Task A_key_cannot_be_both_an_object_and_the_directory_of_another()
    {
        await Store.PutAsync("jobs/a", TestBytes.Of(1), Ct);

        await FluentActions.Awaiting(() => Store.BeginUploadAsync("jobs/a/b", Ct))
            .Should().ThrowAsync<ArtifactStoreException>().WithMessage("*'jobs/a/b'*");
        (await Store.GetInfoAsync("jobs", Ct)).Should().BeNull(); // a directory is not an object
        await FluentActions.Awaiting(() => Store.OpenReadAsync("jobs", cancellationToken: Ct)).Should().ThrowAsync<ArtifactNotFoundException>();
    }
}
