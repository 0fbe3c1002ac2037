using Synth.Storage.Composition;
using Synth.Storage.Local;
using Synth.Storage.Tests.TestSupport;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Composition;

/// <summary>
/// A multi-part artifact read as one file: any byte range, across part boundaries, opening only
/// the parts the range touches. Parts of 5, 0, 7, 3 and 10 bytes (25 in all) on local disk.
/// </summary>
public sealed class ComposedArtifactTests : IDisposable
{
    private static readonly int[] s_partLengths = [5, 0, 7, 3, 10];
    private readonly TempDirectory _root = new("composed-");
    private readonly OpenCountingStore _store;
    private readonly byte[] _whole = TestBytes.Of(25, seed: 11);
    private readonly ArtifactManifest _manifest;

    public ComposedArtifactTests()
    {
        var local = new LocalArtifactStore(_root.Path);
        _store = new OpenCountingStore(local);
        var parts = new List<ArtifactPart>();
        var at = 0;
        for (var i = 0; i < s_partLengths.Length; i++)
        {
            var key = $"jobs/j/part-{i}";
            local.PutAsync(key, _whole[at..(at + s_partLengths[i])]).GetAwaiter().GetResult();
            parts.Add(new ArtifactPart(key, s_partLengths[i]));
            at += s_partLengths[i];
        }

        _manifest = new ArtifactManifest(parts, "text/csv", "out.csv");
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_whole_artifact_is_the_parts_one_after_the_other()
    {
        (await ReadAsync(0, null)).Should().Equal(_whole);
    }

    [Fact]
    public async Task Every_range_of_the_artifact_reads_as_the_same_range_of_the_concatenated_parts()
    {
        for (var offset = 0; offset <= 25; offset++)
        {
            for (var length = 0; offset + length <= 27; length++)
            {
                var expected = _whole[offset..Math.Min(25, offset + length)];
                (await ReadAsync(offset, length)).Should().Equal(expected, $"range {offset}+{length}");
            }

            (await ReadAsync(offset, null)).Should().Equal(_whole[offset..], $"range {offset} to the end");
        }
    }

    [Fact]
    public async Task A_range_spanning_a_boundary_opens_just_the_two_parts_it_touches_for_just_their_share()
    {
        (await ReadAsync(3, 4)).Should().Equal(_whole[3..7]);

        _store.Opened.Should().Equal(("jobs/j/part-0", 3L, (long?)2), ("jobs/j/part-2", 0L, (long?)2));
    }

    [Fact]
    public async Task A_range_on_exact_part_edges_opens_exactly_those_parts_whole()
    {
        (await ReadAsync(5, 10)).Should().Equal(_whole[5..15]);

        _store.Opened.Should().Equal(("jobs/j/part-2", 0L, (long?)7), ("jobs/j/part-3", 0L, (long?)3));
    }

    [Fact]
    public async Task A_range_inside_one_part_opens_only_that_part()
    {
        (await ReadAsync(16, 3)).Should().Equal(_whole[16..19]);

        _store.Opened.Should().Equal(("jobs/j/part-4", 1L, (long?)3));
    }

    [Fact]
    public async Task Parts_are_opened_one_at_a_time_as_the_reader_reaches_them()
    {
        await using var stream = await ComposedArtifact.OpenReadAsync(_store, _manifest);
        _store.Opened.Should().ContainSingle("only the first part is opened before reading starts");

        var firstPart = new byte[5];
        await stream.ReadExactlyAsync(firstPart);
        _store.Opened.Should().ContainSingle();

        await stream.ReadExactlyAsync(new byte[1]);
        _store.Opened.Select(o => o.Key).Should().Equal(["jobs/j/part-0", "jobs/j/part-2"], "the empty part is never opened");
    }

    [Fact]
    public async Task An_empty_range_at_the_end_is_empty_and_opens_nothing()
    {
        (await ReadAsync(25, null)).Should().BeEmpty();
        (await ReadAsync(25, 10)).Should().BeEmpty();

        _store.Opened.Should().BeEmpty();
    }

    [Fact]
    public async Task A_range_starting_beyond_the_end_or_negative_is_refused()
    {
        await FluentActions.Awaiting(() => ComposedArtifact.OpenReadAsync(_store, _manifest, 26)).Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("offset");
        await FluentActions.Awaiting(() => ComposedArtifact.OpenReadAsync(_store, _manifest, -1)).Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("offset");
        await FluentActions.Awaiting(() => ComposedArtifact.OpenReadAsync(_store, _manifest, 0, -1)).Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("length");
    }

    [Fact]
    public async Task A_missing_first_part_fails_before_the_stream_is_returned()
    {
        await _store.DeleteAsync("jobs/j/part-0");

        await FluentActions.Awaiting(() => ComposedArtifact.OpenReadAsync(_store, _manifest))
            .Should().ThrowAsync<ArtifactNotFoundException>().Where(e => e.Key == "jobs/j/part-0");
    }

    [Fact]
    public async Task A_missing_later_part_fails_the_read_when_it_is_reached()
    {
        await _store.DeleteAsync("jobs/j/part-3");
        await using var stream = await ComposedArtifact.OpenReadAsync(_store, _manifest);

        await FluentActions.Awaiting(() => StoreExtensions.ReadToEndAsync(stream))
            .Should().ThrowAsync<ArtifactNotFoundException>().Where(e => e.Key == "jobs/j/part-3");
    }

    [Fact]
    public async Task A_part_shorter_than_the_manifest_says_fails_the_read_instead_of_shifting_the_bytes()
    {
        await _store.PutAsync("jobs/j/part-2", _whole[5..10]); // 5 of the 7 bytes

        await using var stream = await ComposedArtifact.OpenReadAsync(_store, _manifest);

        await FluentActions.Awaiting(() => StoreExtensions.ReadToEndAsync(stream))
            .Should().ThrowAsync<InvalidDataException>().WithMessage("*'jobs/j/part-2'*2 bytes early*7 bytes*");
    }

    [Fact]
    public async Task The_stream_reads_synchronously_too_and_is_read_only_and_forward_only()
    {
        await using var stream = await ComposedArtifact.OpenReadAsync(_store, _manifest, 2, 20);
        using var copy = new MemoryStream();

        stream.CopyTo(copy);

        copy.ToArray().Should().Equal(_whole[2..22]);
        stream.CanRead.Should().BeTrue();
        stream.CanSeek.Should().BeFalse();
        stream.CanWrite.Should().BeFalse();
    }

    [Fact]
    public async Task An_artifact_without_parts_is_empty()
    {
        var empty = new ArtifactManifest([], "text/csv", "empty.csv");

        await using var stream = await ComposedArtifact.OpenReadAsync(_store, empty);

        (await StoreExtensions.ReadToEndAsync(stream)).Should().BeEmpty();
    }

    private async Task<byte[]> ReadAsync(long offset, long? length)
    {
        await using var stream = await ComposedArtifact.OpenReadAsync(_store, _manifest, offset, length);
        return await StoreExtensions.ReadToEndAsync(stream);
    }
}
